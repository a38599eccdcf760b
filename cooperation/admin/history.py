"""History for curators: what each saved version changed, and restoring one entry safely.

django-reversion keeps a snapshot of every saved entry together with its citations (the
admin follows the citations inline). Two things its admin does not do, done here:

- say *what* changed: each version is compared with the one before it (or, on the restore
  page, with the entry as it is now), field by field, relation by relation, citation by
  citation;
- restore *one* entry. Reversion reverts the whole revision a version belongs to, and a
  revision can hold far more than the entry: a fixture load holds every record, a bulk
  publish every selected entry. Reverting one agency to its loaded version must not roll
  back every other curator's work, nor delete the citations added since to other entries.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from reversion.errors import RevertError
from reversion.models import Version

from ..changes import record, record_rename
from ..models import CITABLE, Citation, PublicationStatus, Reference, Source

# Bookkeeping, not content: never reported as a change, never restored.
NOT_COMPARED = {"id", "created_at", "updated_at"}
CITATION_FIELDS = ("source_id", "reference_id", "field", "quote", "claim", "locator")
# What a version saved before references existed (issue 14) holds for their fields.
CITATION_DEFAULTS = {"reference_id": None, "claim": "", "locator": ""}
# How much unchanged text is kept around a change in a long text.
CONTEXT_WORDS = 6


@dataclass
class Snapshot:
    """An entry's content at one moment: fields, relations and citations."""

    fields: dict
    m2m: dict[str, set]
    citations: dict[int, dict] = field(default_factory=dict)


@dataclass
class Change:
    label: str
    html: SafeString


def cited_type(model: type[models.Model]) -> str | None:
    name = model._meta.model_name
    return name if name in CITABLE else None


def _concrete_fields(model):
    return [f for f in model._meta.concrete_fields if f.attname not in NOT_COMPARED]


def _m2m_fields(model):
    return list(model._meta.many_to_many)


def snapshot_of(obj: models.Model) -> Snapshot:
    """The entry as it is in the database now."""
    model = type(obj)
    target = cited_type(model)
    citations = {}
    if target:
        for row in Citation.objects.filter(**{target: obj.pk}).values("pk", *CITATION_FIELDS):
            citations[row.pop("pk")] = row
    return Snapshot(
        fields={f.attname: f.value_from_object(obj) for f in _concrete_fields(model)},
        m2m={
            f.name: set(getattr(obj, f.name).values_list("pk", flat=True))
            for f in _m2m_fields(model)
        },
        citations=citations,
    )


def citation_versions(version: Version) -> list[Version]:
    """The versions of the entry's own citations saved in the same revision as `version`."""
    target = cited_type(version._model)
    if not target:
        return []
    citation_type = ContentType.objects.get_for_model(Citation)
    object_id = int(version.object_id)
    return [
        v
        for v in Version.objects.filter(revision_id=version.revision_id, content_type=citation_type)
        if v.field_dict.get(f"{target}_id") == object_id
    ]


def snapshot_of_version(version: Version, citations: list[Version] | None = None) -> Snapshot:
    model = version._model
    data = version.field_dict
    if citations is None:
        citations = citation_versions(version)
    return Snapshot(
        fields={f.attname: data.get(f.attname) for f in _concrete_fields(model)},
        m2m={f.name: set(data.get(f.attname) or ()) for f in _m2m_fields(model)},
        citations={
            int(v.object_id): {
                name: v.field_dict.get(name, CITATION_DEFAULTS.get(name))
                for name in CITATION_FIELDS
            }
            for v in citations
        },
    )


# What changed ------------------------------------------------------------------------


def _text_diff(old: str, new: str) -> SafeString:
    """The changed words struck through and inserted, with a few words of context."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            if len(words) > 2 * CONTEXT_WORDS:
                head = words[:CONTEXT_WORDS] if parts else []
                tail = words[-CONTEXT_WORDS:] if i2 < len(a) else []
                text = " ".join(head) + (" … " if head or tail else "…") + " ".join(tail)
                parts.append(format_html("{}", text.strip() or "…"))
            else:
                parts.append(format_html("{}", " ".join(words)))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return mark_safe(" ".join(str(p) for p in parts))  # every part went through format_html


def _names(model, pks) -> dict:
    found = {o.pk: str(o) for o in model._base_manager.filter(pk__in=pks)}
    return {pk: found.get(pk, f"#{pk} (since deleted)") for pk in pks}


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "(empty)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "(empty)"
    if model_field.is_relation:
        return _names(model_field.related_model, [value])[value]
    return str(value)


def _label(model_field) -> str:
    return str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:]


def _joined(parts) -> SafeString:
    return format_html_join("; ", "{}", ((part,) for part in parts))


def _quote(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_changes(
    model: type[models.Model], old: Snapshot, new: Snapshot, *, ignore=()
) -> list[Change]:
    """Field by field, relation by relation, citation by citation: old → new."""
    changes = []
    for model_field in _concrete_fields(model):
        if model_field.name in ignore:
            continue
        before, after = old.fields.get(model_field.attname), new.fields.get(model_field.attname)
        if before == after:
            continue
        if isinstance(before, str) and isinstance(after, str) and not model_field.choices:
            if len(before) + len(after) > 160:
                html = _text_diff(before, after)
            else:
                html = format_html(
                    "<del>{}</del> → <ins>{}</ins>",
                    before or "(empty)",
                    after or "(empty)",
                )
        else:
            html = format_html(
                "<del>{}</del> → <ins>{}</ins>",
                _display(model_field, before),
                _display(model_field, after),
            )
        changes.append(Change(_label(model_field), html))
    for model_field in _m2m_fields(model):
        before, after = old.m2m.get(model_field.name, set()), new.m2m.get(model_field.name, set())
        if before == after:
            continue
        names = _names(model_field.related_model, before ^ after)
        parts = [format_html("added <ins>{}</ins>", names[pk]) for pk in sorted(after - before)]
        parts += [format_html("removed <del>{}</del>", names[pk]) for pk in sorted(before - after)]
        changes.append(
            Change(_label(model_field), format_html_join("; ", "{}", ((p,) for p in parts)))
        )
    changes += _citation_changes(old.citations, new.citations)
    return changes


def _citation_changes(old: dict[int, dict], new: dict[int, dict]) -> list[Change]:
    every = [*old.values(), *new.values()]
    sources = _names(Source, {c["source_id"] for c in every if c.get("source_id")})
    references = _names(Reference, {c["reference_id"] for c in every if c.get("reference_id")})
    changes = []

    def where(citation: dict) -> str:
        supports = f", supports {citation['field']}" if citation.get("field") else ""
        if not citation.get("source_id") and citation.get("reference_id"):
            locator = f", {citation['locator']}" if citation.get("locator") else ""
            return f"{references[citation['reference_id']]}{locator}{supports}"
        return f"{sources.get(citation['source_id'], '?')}{supports}"

    def text(citation: dict) -> str:
        # A quote, or a referenced claim (issue 14).
        return citation.get("quote") or citation.get("claim") or ""

    for pk in sorted(new.keys() - old.keys()):
        changes.append(
            Change(
                "Citation added",
                format_html("<ins>“{}”</ins> ({})", _quote(text(new[pk])), where(new[pk])),
            )
        )
    for pk in sorted(old.keys() - new.keys()):
        changes.append(
            Change(
                "Citation removed",
                format_html("<del>“{}”</del> ({})", _quote(text(old[pk])), where(old[pk])),
            )
        )
    for pk in sorted(old.keys() & new.keys()):
        before, after = old[pk], new[pk]
        if before == after:
            continue
        parts = []
        if before["quote"] != after["quote"]:
            parts.append(format_html("quote {}", _text_diff(before["quote"], after["quote"])))
        if (before.get("claim") or "") != (after.get("claim") or ""):
            parts.append(
                format_html("claim {}", _text_diff(before.get("claim") or "", after["claim"]))
            )
        if before.get("reference_id") != after.get("reference_id"):
            parts.append(format_html("evidence {}", where(after)))
        if before["field"] != after["field"]:
            parts.append(
                format_html(
                    "supports <del>{}</del> → <ins>{}</ins>",
                    before["field"] or "the entry",
                    after["field"] or "the entry",
                )
            )
        if before["source_id"] != after["source_id"]:
            parts.append(
                format_html(
                    "source <del>{}</del> → <ins>{}</ins>",
                    sources.get(before["source_id"], "(none)"),
                    sources.get(after["source_id"], "(none)"),
                )
            )
        changes.append(
            Change(
                "Citation changed",
                format_html(
                    "“{}”: {}",
                    _quote(text(after), 60),
                    format_html_join("; ", "{}", ((p,) for p in parts)),
                ),
            )
        )
    return changes


def version_changes(versions: list[Version]) -> dict[int, list[Change] | None]:
    """For each version (any order), what it changed from the version before it.

    None for an entry's first version: it was created, there is nothing to compare with.
    """
    ordered = sorted(versions, key=lambda v: v.pk)
    changes: dict[int, list[Change] | None] = {}
    previous = None
    for version in ordered:
        current = snapshot_of_version(version)
        changes[version.pk] = (
            None if previous is None else describe_changes(version._model, previous, current)
        )
        previous = current
    return changes


# Restoring one entry -----------------------------------------------------------------


def _existing(model, pks) -> set:
    return set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))


def restore_entry(version: Version) -> list[str]:
    """Put one entry (and, for a cited entry, its citations) back as they were in `version`.

    Only this entry changes: the other records saved in the same revision are left alone.
    What cannot come back as it was without breaking a constraint is left out and reported:
    a slug another entry now uses, a parent or related entry since deleted, a citation whose
    source is gone. Returns those notes, for the curator to read before saving.
    """
    model = version._model
    restored = version._object_version
    obj = restored.object
    current = model._base_manager.filter(pk=obj.pk).first()
    notes: list[str] = []

    if current is not None:
        # The timestamps are this database's bookkeeping, not content. Keeping the
        # current `updated_at` lets the stale-form check work on the restore page too.
        obj.created_at, obj.updated_at = current.created_at, current.updated_at
    if hasattr(obj, "publication_status"):
        # Publishing is an explicit act: restoring content neither publishes nor
        # unpublishes, and a recovered entry comes back as a draft, to be reviewed.
        obj.publication_status = (
            current.publication_status if current is not None else PublicationStatus.DRAFT
        )

    slug = getattr(obj, "slug", None)
    if slug and model._base_manager.filter(slug=slug).exclude(pk=obj.pk).exists():
        holder = model._base_manager.get(slug=slug)
        if current is None:
            raise RevertError(
                f"Cannot recover “{version.object_repr}”: its slug “{slug}” is now used by "
                f"“{holder}”. Rename that entry first."
            )
        obj.slug = current.slug
        notes.append(
            f"The slug “{slug}” is now used by “{holder}”; the slug “{current.slug}” is kept."
        )

    for model_field in model._meta.concrete_fields:
        if not model_field.is_relation:
            continue
        value = getattr(obj, model_field.attname)
        if value is not None and not _existing(model_field.related_model, [value]):
            setattr(obj, model_field.attname, None)
            notes.append(
                f"{_label(model_field)}: the {model_field.related_model._meta.verbose_name} it "
                f"pointed to (#{value}) has since been deleted; left empty."
            )

    for name, pks in list(restored.m2m_data.items()):
        model_field = model._meta.get_field(name)
        kept = _existing(model_field.related_model, pks)
        if len(kept) != len(set(pks)):
            missing = len(set(pks) - kept)
            related = model_field.related_model._meta
            noun = related.verbose_name if missing == 1 else related.verbose_name_plural
            notes.append(
                f"{_label(model_field)}: {missing} related {noun} since deleted, left out."
            )
        restored.m2m_data[name] = [pk for pk in pks if pk in kept]

    if current is not None and getattr(obj, "slug", None) not in (None, current.slug):
        # A raw save sends no signal: keep the address the entry has now working.
        record_rename(model._meta.model_name, obj.pk, current.slug, obj.slug)
    restored.save(using=version.db)
    # A raw save sends no signal: the restored text (a name, say, which other entries show)
    # reaches the index and the cached pages through the change pipeline all the same.
    record(obj)

    target = cited_type(model)
    if target:
        notes += _restore_citations(version, target, obj.pk)
    return notes


def _restore_citations(version: Version, target: str, object_id) -> list[str]:
    notes = []
    versions = citation_versions(version)
    # Citations added since go first, so one restored with the same quote does not collide
    # with a newer row (one quote cites an entry once).
    Citation.objects.filter(**{target: object_id}).exclude(
        pk__in=[int(v.object_id) for v in versions]
    ).delete()
    live_sources = _existing(Source, [v.field_dict["source_id"] for v in versions])
    live_references = _existing(
        Reference,
        [v.field_dict.get("reference_id") for v in versions if not v.field_dict["source_id"]],
    )
    for citation_version in versions:
        data = citation_version.field_dict
        if not data["source_id"] and data.get("reference_id"):
            if data["reference_id"] not in live_references:
                notes.append(
                    f"The citation “{_quote(data.get('claim') or '', 60)}” is left out: its "
                    "reference has since been deleted."
                )
                continue
        elif data["source_id"] not in live_sources:
            notes.append(
                f"The citation “{_quote(data['quote'], 60)}” is left out: its source has since "
                "been deleted."
            )
            continue
        citation_version.revert()
    return notes
