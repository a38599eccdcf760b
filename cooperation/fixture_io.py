"""Reading and writing the curated data in fixtures/.

The files are Django JSON fixtures with natural keys (slugs), so a curator can
review a change in a diff. Each entity file holds the entities, parents before
children, then the citations of those entities.

Loading is idempotent and all-or-nothing: a record identical to the database
is left alone (its timestamps too), a new one is created, and one that differs
is a curator's local edit, kept unless `update=True`. Any malformed record
aborts the whole load with a message naming the file and the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import models, transaction

from .models import Agency, Agreement, Citation, Event, Source, Technology

# File name → the entity it holds (citations of that entity follow it in the file).
FIXTURE_LAYOUT: list[tuple[str, type[models.Model]]] = [
    ("01_sources.json", Source),
    ("02_technologies.json", Technology),
    ("03_agencies.json", Agency),
    ("04_agreements.json", Agreement),
    ("05_events.json", Event),
]

# Bookkeeping fields that belong to this database, not to the curated data.
NOT_EXPORTED = {"id", "created_at", "updated_at"}
# Fields shown first in each record, so a diff reads naturally.
LEADING_FIELDS = ["slug", "name", "title", "acronym"]
TRAILING_FIELDS = ["publication_status"]


class FixtureError(Exception):
    """A fixture file or record is malformed; the message names which."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_local_edits: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)


def _label(record: dict) -> str:
    fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    key = fields.get("slug") or fields.get("quote", "")[:50]
    return f"{record.get('model', '?')} {key!r}" if key else str(record.get("model", "?"))


def _read_records(path: Path) -> list[dict]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FixtureError(f"{path.name}: cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path.name}: not valid JSON: {exc}") from exc
    if not isinstance(records, list):
        raise FixtureError(f"{path.name}: must hold a JSON list of records")
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
            raise FixtureError(f"{path.name}, record {number}: needs 'model' and a 'fields' object")
        if "pk" in record:
            raise FixtureError(
                f"{path.name}, record {number} ({_label(record)}): "
                "use natural keys (slugs), not a 'pk'"
            )
    return records


def _field_values(instance: models.Model) -> dict:
    return {
        f.attname: f.value_from_object(instance)
        for f in instance._meta.concrete_fields
        if f.attname not in NOT_EXPORTED
    }


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _load_record(record: dict, update: bool, report: LoadReport) -> list:
    """Validate and store one record; returns its objects whose references wait for later ones."""
    model_name = record.get("model", "")
    try:
        model = apps.get_model(model_name)
    except (LookupError, ValueError):
        raise FixtureError(f"unknown model {model_name!r}") from None
    declared = {f.name for f in model._meta.get_fields()}
    unknown = sorted(set(record["fields"]) - declared)
    if unknown:
        raise FixtureError(f"unknown field(s): {', '.join(unknown)}")

    try:
        (wrapper,) = serializers.deserialize(
            "python", [record], handle_forward_references=True, ignorenonexistent=False
        )
    except (DeserializationError, ObjectDoesNotExist) as exc:
        cause = exc.__cause__ or exc
        raise FixtureError(f"unknown reference or bad value: {cause}") from None

    # Only a reference to the record's own kind (a parent, an agreement built on) may
    # wait for a later record of the same file; any other missing key, such as a
    # citation's source or entry, is unknown now. Say so, rather than let full_clean()
    # report the emptied field as "cannot be null".
    foreign = {
        f: v
        for f, v in wrapper.deferred_fields.items()
        if not f.many_to_many and f.remote_field.model is not model
    }
    if foreign:
        raise FixtureError(f"unknown reference: {_missing_references(wrapper, foreign)}")

    instance = wrapper.object
    existing = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
    # The deserializer found the row by its natural key but builds a fresh
    # instance; mark it as stored so unique checks do not collide with itself.
    instance._state.adding = existing is None
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise FixtureError(_describe(exc)) from None

    label = _label(record)
    if existing is None:
        instance.pk = None
        instance.save()
        report.created.append(label)
    else:
        changed = [
            name
            for name, value in _field_values(instance).items()
            if getattr(existing, name) != value
        ]
        changed += [
            name
            for name, pks in wrapper.m2m_data.items()
            if set(pks) != set(getattr(existing, name).values_list("pk", flat=True))
        ]
        if not changed:
            report.unchanged += 1
            return []
        if not update:
            report.kept_local_edits.append(f"{label} ({', '.join(changed)})")
            return []
        # Keep the creation time the database already has.
        instance.created_at = existing.created_at
        instance.save()
        report.overwritten.append(f"{label} ({', '.join(changed)})")

    for name, pks in wrapper.m2m_data.items():
        getattr(instance, name).set(pks)
    return [wrapper] if wrapper.deferred_fields else []


def _missing_references(wrapper, deferred: dict | None = None) -> str:
    """Name each forward reference that never appeared, e.g. "parties: 'no-such-agency'"."""
    missing = []
    for model_field, value in (deferred or wrapper.deferred_fields).items():
        keys = value if model_field.many_to_many else [value]
        manager = model_field.remote_field.model._default_manager
        for key in keys:
            try:
                manager.get_by_natural_key(*key)
            except ObjectDoesNotExist:
                missing.append(
                    f"{model_field.name}: no {model_field.remote_field.model._meta.verbose_name} "
                    f"{', '.join(map(str, key))!r}"
                )
    return "; ".join(missing) or "a reference could not be resolved"


def load_fixtures(paths: list[Path], *, update: bool = False, dry_run: bool = False) -> LoadReport:
    """Load every file in one transaction; raise FixtureError and write nothing on any problem."""
    from .search import deferred_indexing

    report = LoadReport()
    # Curators (issue 5): a load is one entry in each changed record's history, like an edit.
    # Search indexing waits for the end of the load and runs once, batched,
    # instead of once per saved row (and rolls back with the load).
    with transaction.atomic(), reversion.create_revision(), deferred_indexing():
        reversion.set_comment(
            "Loaded from fixtures" + (" with --update" if update else "") + f": {len(paths)} files."
        )
        for path in paths:
            deferred = []
            for number, record in enumerate(_read_records(path), start=1):
                where = f"{path.name}, record {number} ({_label(record)})"
                try:
                    deferred += [(where, w) for w in _load_record(record, update, report)]
                except FixtureError as exc:
                    raise FixtureError(f"{where}: {exc}") from None
                except Exception as exc:  # an integrity error, say: still name the record
                    raise FixtureError(f"{where}: {exc}") from exc
            # References to records later in the same file are resolved last.
            for where, wrapper in deferred:
                try:
                    wrapper.save_deferred_fields()
                except (DeserializationError, ObjectDoesNotExist):
                    raise FixtureError(
                        f"{where}: unknown reference: {_missing_references(wrapper)}"
                    ) from None
                # The deserializer stores these references with Model.save_base, past the
                # model's own save() and clean(): a parent named later in the file could
                # close a cycle (A under B, B under A). Check the completed record again.
                try:
                    wrapper.object.full_clean()
                except ValidationError as exc:
                    raise FixtureError(f"{where}: {_describe(exc)}") from None
        if dry_run:
            transaction.set_rollback(True)
    return report


def default_fixture_paths(directory: Path) -> list[Path]:
    return [directory / name for name, _ in FIXTURE_LAYOUT if (directory / name).exists()]


# Export -----------------------------------------------------------------------


def _tree_order(objects: list[models.Model]) -> list[models.Model]:
    """Parents before children, siblings by slug: the order a reader expects."""
    children: dict[int | None, list] = {}
    for obj in objects:
        children.setdefault(obj.parent_id, []).append(obj)
    ordered, stack = [], sorted(children.get(None, []), key=lambda o: o.slug, reverse=True)
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(sorted(children.get(node.pk, []), key=lambda o: o.slug, reverse=True))
    return ordered


def _ordered_fields(fields: dict) -> dict:
    leading = [name for name in LEADING_FIELDS if name in fields]
    trailing = [name for name in TRAILING_FIELDS if name in fields]
    middle = [name for name in fields if name not in leading and name not in trailing]
    return {name: fields[name] for name in leading + middle + trailing}


def _serialize(objects) -> list[dict]:
    records = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return [
        {
            "model": record["model"],
            "fields": _ordered_fields(
                {k: v for k, v in record["fields"].items() if k not in NOT_EXPORTED}
            ),
        }
        for record in records
    ]


def export_records(model: type[models.Model]) -> list[dict]:
    entities = list(model.objects.all())
    entities = (
        _tree_order(entities)
        if any(f.name == "parent" for f in model._meta.fields)
        else sorted(entities, key=lambda o: o.slug)
    )
    records = _serialize(entities)
    target = model._meta.model_name
    if target in {"agreement", "agency", "technology", "event"}:
        citations = Citation.objects.filter(**{f"{target}__isnull": False}).select_related(
            "source", target
        )
        citations = sorted(citations, key=lambda c: (getattr(c, target).slug, c.pk))
        records += _serialize(citations)
    return records


def render_records(records: list[dict]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"


def export_fixtures(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in FIXTURE_LAYOUT:
        path = directory / name
        path.write_text(render_records(export_records(model)), encoding="utf-8")
        written.append(path)
    return written
