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

from django.db.models import Model

from ..kinds import CITABLE, KINDS
from ..models import (
    Agency,
    Agreement,
    Citation,
    Event,
    PublicationStatus,
    SearchEntry,
)
from ..models.tree import Tree
from . import japanese
from .query import normalise

# Read by the indexer: the kinds search holds, by name and by model.
ENTITY_MODELS: dict[str, type[Model]] = {name: kind.model for name, kind in KINDS.items()}
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


def _document(
    entity,
    entity_type: str,
    name: str,
    acronym: str,
    aliases,
    summary: str,
    body: list[str],
    names_ja: list[str] = (),
    body_ja: list[str] = (),
) -> Document:
    names = [clean(name), clean(acronym), *(clean(a) for a in aliases or [])]
    names_ja = [clean(n) for n in names_ja if n]
    body_text = clean("\n".join(part for part in body if part))
    entry = SearchEntry(
        entity_type=entity_type,
        object_id=entity.pk,
        slug=entity.slug,
        name=str(entity)[:300],
        # Shown first on Japanese pages (issue 15): the name itself, not an alias.
        name_ja=names_ja[0][:300] if names_ja else "",
        names="\n".join(names),
        summary=clean(summary),
        body=body_text,
        # The name's words twice, its short forms once: 次期戦闘機 is one area's name
        # and only another's alias, and the area it names comes first.
        names_ja="\n".join(
            words
            for words in (
                japanese.name_words(names_ja[0], words_twice=True) if names_ja else "",
                *(japanese.name_words(n) for n in names_ja[1:]),
            )
            if words
        ),
        summary_ja=japanese.text_words(clean(summary)),
        body_ja=clean(
            "\n".join(japanese.text_words(text) for text in (body_text, *body_ja) if text).strip()
        ),
    )
    doc = Document(entry)
    doc.terms.extend(_type_ahead_keys(doc, names, names_ja).items())
    return doc


def _type_ahead_keys(doc: Document, names: list[str], names_ja: list[str]) -> dict[str, int]:
    """Each key type-ahead finds the entry by, at its earliest word position; the words
    "did you mean" knows go to `doc.words`."""
    # A key once per entry, at its earliest position: an alias that is the whole key
    # ("missile defense") makes it an exact name even when the name ends with it.
    positions: dict[str, int] = {}

    def add(key: str, position: int) -> None:
        key = key[:300]
        if key:
            positions[key] = min(position, positions.get(key, position))

    for term in names:
        words = normalise(term).split()
        for position, start in enumerate(words[:MAX_WORD_STARTS]):
            if position and start in SKIP_WORD_STARTS:
                continue
            add(" ".join(words[position:]), position)
        doc.words.update(w[:100] for w in words if len(w) >= 3 and not w.isdigit())
    # A Japanese name is found by type-ahead from its start, from the starts of its
    # later words (装備 in 防衛装備庁), and from its reading (ぼうえい…), which is what
    # an input method shows before the kanji are chosen.
    for term in names_ja:
        add(normalise(term), 0)
        for position, start in enumerate(japanese.word_starts(term, MAX_WORD_STARTS), 1):
            add(normalise(term[start:]), position)
        if not any(c.isdigit() for c in term):
            add(normalise(japanese.reading(term)), 0)
        doc.words.update(w[:100] for w in normalise(term).split() if len(w) >= 3)
    return positions


def _tags(entity_type: str, technology_ids: Iterable[int], tree: Tree) -> str:
    tags = [TYPE_TAG.format(entity_type)]
    tags += [TECHNOLOGY_TAG.format(t) for t in sorted(tree.with_ancestors(technology_ids))]
    return " ".join(tags)


def build_documents(entity_type: str, pks: Iterable[int]) -> list[Document]:
    """Documents for the published entities among `pks` (a bounded batch)."""
    kind = KINDS[entity_type]
    spec = kind.search
    queryset = kind.model.objects.published().filter(pk__in=list(pks))
    if spec.select:
        queryset = queryset.select_related(*spec.select)
    if spec.prefetch:
        queryset = queryset.prefetch_related(*(prefetch(kind.model) for prefetch in spec.prefetch))
    # Tags name every area above the entry's too, drafts included: filtering by an
    # area finds what is filed under its sub-areas.
    tree = Tree.technologies(published=False) if spec.technologies is not None else Tree({})
    docs = []
    for entity in queryset:
        name, acronym, aliases = spec.names(entity)
        doc = _document(
            entity,
            entity_type,
            name,
            acronym,
            aliases,
            spec.summary(entity),
            spec.body(entity),
            spec.names_ja(entity),
            spec.body_ja(entity),
        )
        technologies = spec.technologies(entity) if spec.technologies is not None else ()
        doc.entry.tags = _tags(entity_type, technologies, tree)
        docs.append(doc)
    return docs


# Which entries name an entity in their index text or filter tags, through which
# many-to-many relation: {changed kind: [(neighbour kind, its model, the relation)]}.
SHOWN_THROUGH = {
    "agreement": [("event", Event, "agreements"), ("agreement", Agreement, "builds_on")],
    "agency": [("agreement", Agreement, "parties"), ("event", Event, "participants")],
    "technology": [("agreement", Agreement, "technologies"), ("event", Event, "technologies")],
}


def _owners_through(model, relation: str, pks) -> set[int]:
    """The rows of `model` whose `relation` holds one of `pks`."""
    m2m = model._meta.get_field(relation)
    through = m2m.remote_field.through
    owner, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
    rows = through.objects.filter(**{f"{target}__in": pks}).values_list(owner, flat=True)
    return set(rows)


def _also_shown(entity_type: str, pks: list[int]) -> dict[str, set[int]]:
    """What the relations of SHOWN_THROUGH do not say."""
    if entity_type == "agency":  # a unit's page and document name its parent
        return {
            "agency": set(Agency.objects.filter(parent_id__in=pks).values_list("pk", flat=True))
        }
    if entity_type == "source":
        # Citation quotes are indexed only while their source is published.
        cited = Citation.objects.filter(source_id__in=pks)
        return {
            target: set(
                cited.filter(**{f"{target}__isnull": False}).values_list(f"{target}_id", flat=True)
            )
            for target in CITABLE
        }
    return {}


def neighbours(entity_type: str, pks: Iterable[int]) -> dict[str, set[int]]:
    """The entries whose index text (or filter tags) includes one of these entities."""
    pks = list(pks)
    found = _also_shown(entity_type, pks)
    if entity_type == "technology":
        # Filter tags carry every ancestor, so the whole subtree's relatives change.
        subtree = Tree.technologies(published=False).descendants(pks)
        found["technology"] = subtree - set(pks)
        # A referenced citation (issue 14) has no source to re-tag.
        cited = Citation.objects.filter(technology_id__in=subtree, source__isnull=False)
        found["source"] = set(cited.values_list("source_id", flat=True))
        pks = list(subtree)
    for kind, model, relation in SHOWN_THROUGH.get(entity_type, ()):
        found.setdefault(kind, set()).update(_owners_through(model, relation, pks))
    return {kind: ids for kind, ids in found.items() if ids}
