"""What the index holds for each entity: public text only.

An entity's index text is built from its own fields and from the names of
*published* related entities and the quotes of citations whose source is
*published*: no draft text can reach a published entry. `neighbours()` names
the entries whose text includes an entity, so a change to it (a rename, a
publication) re-indexes them too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model, Prefetch

from ..models import (
    Agency,
    Agreement,
    Citation,
    Event,
    PublicationStatus,
    SearchEntry,
    Source,
    Technology,
)
from .query import normalise

ENTITY_MODELS: dict[str, type[Model]] = {
    "agreement": Agreement,
    "agency": Agency,
    "technology": Technology,
    "event": Event,
    "source": Source,
}
TYPE_OF = {model: name for name, model in ENTITY_MODELS.items()}

# tsvector holds at most 1 MB, and nobody reads past this in a snippet.
MAX_TEXT = 200_000
# Type-ahead finds a name from each of its first word starts, up to this many.
MAX_WORD_STARTS = 8
SKIP_WORD_STARTS = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"}
TYPE_TAG = "zzk{}"
TECHNOLOGY_TAG = "zzt{}"
PUBLISHED = PublicationStatus.PUBLISHED
# Snippet markers the backends put around matched terms; removed from indexed text.
MARK_START, MARK_END = "\x02", "\x03"


def clean(text: str) -> str:
    text = (text or "").replace(MARK_START, " ").replace(MARK_END, " ").replace("\x00", "")
    return text[:MAX_TEXT]


@dataclass
class Document:
    entry: SearchEntry
    terms: list[tuple[str, int]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)


def _published_citations():
    return Prefetch(
        "citations",
        # Quotes of published sources and, like them, the claims of references (issue 14).
        queryset=Citation.objects.public().only(
            "quote", "claim", "agreement_id", "agency_id", "technology_id", "event_id"
        ),
        to_attr="public_citations",
    )


def _published(name: str, model: type[Model], *fields: str) -> Prefetch:
    return Prefetch(
        name, queryset=model.objects.published().only("id", *fields), to_attr=f"public_{name}"
    )


def _technology_parents() -> dict[int, int | None]:
    return dict(Technology.objects.values_list("id", "parent_id"))


def _with_ancestors(ids: Iterable[int], parents: dict[int, int | None]) -> set[int]:
    found: set[int] = set()
    for tech_id in ids:
        node = tech_id
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return found


def _names_of(entities) -> str:
    return "\n".join(str(e) for e in entities)


def _document(
    entity, entity_type: str, name: str, acronym: str, aliases, summary: str, body: list[str]
) -> Document:
    names = [clean(name), clean(acronym), *(clean(a) for a in aliases or [])]
    entry = SearchEntry(
        entity_type=entity_type,
        object_id=entity.pk,
        slug=entity.slug,
        name=str(entity)[:300],
        names="\n".join(names),
        summary=clean(summary),
        body=clean("\n".join(part for part in body if part)),
    )
    doc = Document(entry)
    seen = set()
    for term in names:
        words = normalise(term).split()
        for position, start in enumerate(words[:MAX_WORD_STARTS]):
            if position and start in SKIP_WORD_STARTS:
                continue
            key = " ".join(words[position:])[:300]
            if key not in seen:
                seen.add(key)
                doc.terms.append((key, position))
        doc.words.update(w[:100] for w in words if len(w) >= 3 and not w.isdigit())
    return doc


def _tags(entity_type: str, technology_ids: Iterable[int], parents) -> str:
    tags = [TYPE_TAG.format(entity_type)]
    tags += [TECHNOLOGY_TAG.format(t) for t in sorted(_with_ancestors(technology_ids, parents))]
    return " ".join(tags)


def _quotes(entity) -> list[str]:
    return [c.quote or c.claim for c in entity.public_citations]


def build_documents(entity_type: str, pks: Iterable[int]) -> list[Document]:
    """Documents for the published entities among `pks` (a bounded batch)."""
    pks = list(pks)
    model = ENTITY_MODELS[entity_type]
    queryset = model.objects.published().filter(pk__in=pks)
    parents = _technology_parents() if entity_type != "agency" else {}
    docs = []
    if entity_type == "agreement":
        queryset = queryset.prefetch_related(
            _published("parties", Agency, "name", "acronym"),
            _published("technologies", Technology, "name"),
            _published("builds_on", Agreement, "name", "acronym"),
            _published_citations(),
        )
        for a in queryset:
            body = [a.get_kind_display(), a.get_status_display() if a.status else ""]
            body += [_names_of(a.public_parties), _names_of(a.public_technologies)]
            body += [_names_of(a.public_builds_on), *_quotes(a)]
            doc = _document(a, entity_type, a.name, a.acronym, [], a.summary, body)
            doc.entry.tags = _tags(entity_type, (t.pk for t in a.public_technologies), parents)
            docs.append(doc)
    elif entity_type == "agency":
        queryset = queryset.select_related("parent").prefetch_related(_published_citations())
        for a in queryset:
            parent = a.parent if a.parent and a.parent.is_published else None
            body = [a.get_kind_display(), a.get_country_display() if a.country else ""]
            body += [str(parent) if parent else "", *_quotes(a)]
            doc = _document(a, entity_type, a.name, a.acronym, a.aliases, a.description, body)
            doc.entry.tags = _tags(entity_type, [], parents)
            docs.append(doc)
    elif entity_type == "technology":
        queryset = queryset.select_related("parent").prefetch_related(_published_citations())
        for t in queryset:
            parent = t.parent if t.parent and t.parent.is_published else None
            body = [str(parent) if parent else "", *_quotes(t)]
            doc = _document(t, entity_type, t.name, "", t.aliases, t.description, body)
            doc.entry.tags = _tags(entity_type, [t.pk], parents)
            docs.append(doc)
    elif entity_type == "event":
        queryset = queryset.prefetch_related(
            _published("participants", Agency, "name", "acronym"),
            _published("technologies", Technology, "name"),
            _published("agreements", Agreement, "name", "acronym"),
            _published_citations(),
        )
        for e in queryset:
            body = [e.get_kind_display(), e.location, _names_of(e.public_participants)]
            body += [_names_of(e.public_technologies), _names_of(e.public_agreements)]
            body += _quotes(e)
            doc = _document(e, entity_type, e.name, "", [], e.summary, body)
            doc.entry.tags = _tags(entity_type, (t.pk for t in e.public_technologies), parents)
            docs.append(doc)
    else:
        cited = {}
        for source_id, tech_id in Citation.objects.filter(
            source_id__in=pks,
            technology__isnull=False,
            technology__publication_status=PUBLISHED,
        ).values_list("source_id", "technology_id"):
            cited.setdefault(source_id, set()).add(tech_id)
        for s in queryset:
            summary = "\n".join([s.summary, ", ".join(s.authors or []), s.publisher])
            doc = _document(s, entity_type, s.title, "", [], summary, [s.text])
            doc.entry.tags = _tags(entity_type, cited.get(s.pk, ()), parents)
            docs.append(doc)
    return docs


def _through_values(field, filter_column: str, value_column: str, pks) -> set[int]:
    through = field.remote_field.through
    return set(
        through.objects.filter(**{f"{filter_column}__in": pks}).values_list(value_column, flat=True)
    )


def neighbours(entity_type: str, pks: Iterable[int]) -> dict[str, set[int]]:
    """The entries whose index text (or filter tags) includes one of these entities."""
    pks = list(pks)
    found: dict[str, set[int]] = {}

    def add(kind: str, ids) -> None:
        found.setdefault(kind, set()).update(ids)

    if entity_type == "agreement":
        add(
            "event",
            _through_values(Event._meta.get_field("agreements"), "agreement_id", "event_id", pks),
        )
        add(
            "agreement",
            _through_values(
                Agreement._meta.get_field("builds_on"), "to_agreement_id", "from_agreement_id", pks
            ),
        )
    elif entity_type == "agency":
        add(
            "agreement",
            _through_values(Agreement._meta.get_field("parties"), "agency_id", "agreement_id", pks),
        )
        add(
            "event",
            _through_values(Event._meta.get_field("participants"), "agency_id", "event_id", pks),
        )
        add("agency", Agency.objects.filter(parent_id__in=pks).values_list("pk", flat=True))
    elif entity_type == "technology":
        # Filter tags carry every ancestor, so the whole subtree's relatives change.
        parents = _technology_parents()
        subtree = {t for t in parents if _with_ancestors([t], parents) & set(pks)}
        add("technology", subtree - set(pks))
        add(
            "agreement",
            _through_values(
                Agreement._meta.get_field("technologies"), "technology_id", "agreement_id", subtree
            ),
        )
        add(
            "event",
            _through_values(
                Event._meta.get_field("technologies"), "technology_id", "event_id", subtree
            ),
        )
        add(
            "source",
            # A referenced citation (issue 14) has no source to re-tag.
            Citation.objects.filter(technology_id__in=subtree, source__isnull=False).values_list(
                "source_id", flat=True
            ),
        )
    elif entity_type == "source":
        # Citation quotes are indexed only while their source is published.
        for target in ("agreement", "agency", "technology", "event"):
            add(
                target,
                Citation.objects.filter(source_id__in=pks, **{f"{target}__isnull": False})
                .values_list(f"{target}_id", flat=True)
                .distinct(),
            )
    return {kind: ids for kind, ids in found.items() if ids}
