"""History for curators: what each saved version changed (restoring one: restore.py).

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
from reversion.models import Version

from ..models import CITABLE, Citation, Reference, Source

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


def field_label(model_field) -> str:
    return str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:]


def _joined(parts) -> SafeString:
    return format_html_join("; ", "{}", ((part,) for part in parts))


def quote_text(text: str, limit: int = 120) -> str:
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
        changes.append(Change(field_label(model_field), html))
    for model_field in _m2m_fields(model):
        before, after = old.m2m.get(model_field.name, set()), new.m2m.get(model_field.name, set())
        if before == after:
            continue
        names = _names(model_field.related_model, before ^ after)
        parts = [format_html("added <ins>{}</ins>", names[pk]) for pk in sorted(after - before)]
        parts += [format_html("removed <del>{}</del>", names[pk]) for pk in sorted(before - after)]
        changes.append(
            Change(field_label(model_field), format_html_join("; ", "{}", ((p,) for p in parts)))
        )
    changes += _citation_changes(old.citations, new.citations)
    return changes


class _CitationWording:
    """How the history names a citation: its evidence, and the text it holds."""

    def __init__(self, citations: list[dict]):
        self.sources = _names(Source, {c["source_id"] for c in citations if c.get("source_id")})
        self.references = _names(
            Reference, {c["reference_id"] for c in citations if c.get("reference_id")}
        )

    def where(self, citation: dict) -> str:
        supports = f", supports {citation['field']}" if citation.get("field") else ""
        if not citation.get("source_id") and citation.get("reference_id"):
            locator = f", {citation['locator']}" if citation.get("locator") else ""
            return f"{self.references[citation['reference_id']]}{locator}{supports}"
        return f"{self.sources.get(citation['source_id'], '?')}{supports}"

    @staticmethod
    def text(citation: dict) -> str:
        # A quote, or a referenced claim (issue 14).
        return citation.get("quote") or citation.get("claim") or ""

    def edits(self, before: dict, after: dict) -> list[SafeString]:
        parts = []
        if before["quote"] != after["quote"]:
            parts.append(format_html("quote {}", _text_diff(before["quote"], after["quote"])))
        if (before.get("claim") or "") != (after.get("claim") or ""):
            parts.append(
                format_html("claim {}", _text_diff(before.get("claim") or "", after["claim"]))
            )
        if before.get("reference_id") != after.get("reference_id"):
            parts.append(format_html("evidence {}", self.where(after)))
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
                    self.sources.get(before["source_id"], "(none)"),
                    self.sources.get(after["source_id"], "(none)"),
                )
            )
        return parts


def _citation_changes(old: dict[int, dict], new: dict[int, dict]) -> list[Change]:
    wording = _CitationWording([*old.values(), *new.values()])
    changes = [
        Change(
            "Citation added",
            format_html("<ins>“{}”</ins> ({})", quote_text(wording.text(c)), wording.where(c)),
        )
        for c in (new[pk] for pk in sorted(new.keys() - old.keys()))
    ]
    changes += [
        Change(
            "Citation removed",
            format_html("<del>“{}”</del> ({})", quote_text(wording.text(c)), wording.where(c)),
        )
        for c in (old[pk] for pk in sorted(old.keys() - new.keys()))
    ]
    for pk in sorted(old.keys() & new.keys()):
        if old[pk] == new[pk]:
            continue
        parts = wording.edits(old[pk], new[pk])
        changes.append(
            Change(
                "Citation changed",
                format_html(
                    "“{}”: {}",
                    quote_text(wording.text(new[pk]), 60),
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
