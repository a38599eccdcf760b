"""Reading and writing the curated data in fixtures/.

Loading lives here; writing back is cooperation/fixture_export.py. The files are
Django JSON fixtures with natural keys (slugs), so a curator can
review a change in a diff. Each entity file holds the entities, parents before
children, then the citations of those entities.

Loading is idempotent and all-or-nothing: a record identical to the database
is left alone (its timestamps too), a new one is created, and one that differs
is a curator's local edit, kept unless `update=True`. Any malformed record
aborts the whole load with a message naming the file and the record.

A record the database no longer has under its natural key is not always new:
a curator may have renamed the entry (its old slug is in the slug history),
edited a citation's quote (part of a citation's key) or deleted the record.
The database's history (django-reversion) tells these apart from new records,
and they count as local edits too.
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
from django.db import IntegrityError, models, transaction
from reversion.models import Version

from .models import (
    CITABLE,
    REFERENCED,
    Agency,
    Agreement,
    Citation,
    Event,
    Reference,
    Source,
    Technology,
)
from .models.load_index import load_index, remember

# File name → the entity it holds (citations of that entity follow it in the file).
FIXTURE_LAYOUT: list[tuple[str, type[models.Model]]] = [
    ("01_sources.json", Source),
    # After the sources (a reference may name the source holding its text), before the
    # citations of every later file; "01a" keeps a shell glob in the same order.
    ("01a_references.json", Reference),
    ("02_technologies.json", Technology),
    ("03_agencies.json", Agency),
    ("04_agreements.json", Agreement),
    ("05_events.json", Event),
]

# Bookkeeping fields that belong to this database, not to the curated data.
NOT_EXPORTED = {"id", "created_at", "updated_at"}


class FixtureError(Exception):
    """A fixture file or record is malformed; the message names which."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_local_edits: list[str] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)


class LocalHistory:
    """Which object each natural key belonged to, by this database's saved versions.

    Read only when a record is missing from the database, and once per model.
    """

    def __init__(self):
        self._index: dict[type[models.Model], dict[tuple, int]] = {}

    def object_id(self, model: type[models.Model], key: tuple) -> int | None:
        if model not in self._index:
            index = {}
            versions = Version.objects.get_for_model(model).order_by("pk")
            for object_id, data in versions.values_list("object_id", "serialized_data"):
                try:
                    fields = json.loads(data)[0]["fields"]
                except (ValueError, LookupError, TypeError):
                    continue  # a version this code cannot read says nothing
                version_key = self._key(model, fields)
                if version_key is not None:
                    index[version_key] = int(object_id)  # later versions win
            self._index[model] = index
        return self._index[model].get(key)

    @staticmethod
    def _key(model, fields: dict) -> tuple | None:
        if model is Citation:
            target = next((name for name in CITABLE if fields.get(name)), None)
            if target is None:
                return None
            if fields.get("reference") and not fields.get("source"):
                return (
                    fields["reference"],
                    target,
                    fields[target],
                    fields.get("claim"),
                    REFERENCED,
                )
            return (fields.get("source"), target, fields[target], fields.get("quote"))
        return (fields["slug"],) if fields.get("slug") else None


def _entry_id(model, slug: str, history: LocalHistory) -> tuple[int | None, bool]:
    """The id of the entry a slug names, and whether the database has it: in the database
    (or renamed there), or only in its history."""
    try:
        return model._default_manager.get_by_natural_key(slug).pk, True
    except model.DoesNotExist:
        object_id = history.object_id(model, (slug,))
        live = object_id is not None and model._default_manager.filter(pk=object_id).exists()
        return object_id, live


def _local_change(model, fields: dict, history: LocalHistory) -> tuple[str, int | None] | None:
    """For a record missing from the database that its history knew: what became of it.

    ("deleted", None) when it was deleted here, ("edited", pk) when it still exists under
    another key (a citation whose quote was edited), None when the record is new. A
    malformed record is left to the normal checks, which name the problem.
    """
    try:
        if model is Citation:
            target = next(name for name in CITABLE if fields.get(name))
            referenced = bool(fields.get("reference")) and not fields.get("source")
            evidence_slug, text = (
                (fields["reference"][0], fields["claim"])
                if referenced
                else (fields["source"][0], fields["quote"])
            )
            tier = (REFERENCED,) if referenced else ()
            target_slug = fields[target][0]
            if _citation_pk(evidence_slug, target, target_slug, text, *tier) is not None:
                return None  # found by its key: in the database
            target_model = Citation._meta.get_field(target).related_model
            if referenced:
                # References keep no slug history: a reference is found by its slug or not.
                try:
                    evidence_id = Reference.objects.get_by_natural_key(evidence_slug).pk
                except Reference.DoesNotExist:
                    evidence_id = None
            else:
                evidence_id, _live = _entry_id(Source, evidence_slug, history)
            target_id, live = _entry_id(target_model, target_slug, history)
            if not live:
                return ("deleted", None) if target_id is not None else None
            key = (evidence_id, target, target_id, text, *tier)
        else:
            slug = fields["slug"]
            try:
                model._default_manager.get_by_natural_key(slug)
                return None  # in the database, or renamed there (the slug history says)
            except model.DoesNotExist:
                key = (slug,)
    except (KeyError, IndexError, TypeError, StopIteration):
        return None
    object_id = history.object_id(model, key)
    if object_id is None:
        return None
    if model._default_manager.filter(pk=object_id).exists():
        return ("edited", object_id)
    return ("deleted", None)


def _citation_pk(evidence_slug, target, target_slug, text, *tier) -> int | None:
    try:
        return Citation.objects.get_by_natural_key(
            evidence_slug, target, target_slug, text, *tier
        ).pk
    except (Citation.DoesNotExist, Reference.DoesNotExist):
        return None


def _label(record: dict) -> str:
    fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    key = fields.get("slug") or (fields.get("quote") or fields.get("claim") or "")[:50]
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


def _model_of(record: dict) -> type[models.Model]:
    """The record's model, once its model and field names are known ones."""
    model_name = record.get("model", "")
    try:
        model = apps.get_model(model_name)
    except (LookupError, ValueError):
        raise FixtureError(f"unknown model {model_name!r}") from None
    declared = {f.name for f in model._meta.get_fields()}
    unknown = sorted(set(record["fields"]) - declared)
    if unknown:
        raise FixtureError(f"unknown field(s): {', '.join(unknown)}")
    return model


def _deserialize(record: dict, model: type[models.Model]):
    """The record as a DeserializedObject whose only missing references are to its own kind."""
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
    return wrapper


def _load_record(record: dict, update: bool, report: LoadReport, history: LocalHistory) -> list:
    """Validate and store one record; returns its objects whose references wait for later ones."""
    model = _model_of(record)
    label = _label(record)
    change = _local_change(model, record["fields"], history)
    if change is not None and not update:
        if change[0] == "deleted":
            report.kept_deleted.append(label)
        else:
            report.kept_local_edits.append(f"{label} (edited here: its quote or entry changed)")
        return []

    wrapper = _deserialize(record, model)
    instance = wrapper.object
    if change is not None and change[0] == "edited":
        instance.pk = change[1]  # --update: put the fixture's version back on that row
    existing = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
    # The deserializer found the row by its natural key but builds a fresh
    # instance; mark it as stored so unique checks do not collide with itself.
    instance._state.adding = existing is None
    # A record equal to its row needs no checks: nothing is written. (A reload of
    # the whole record is mostly such records.)
    if existing is not None and not _changes(instance, wrapper, existing):
        report.unchanged += 1
        return []
    if existing is None:
        instance.pk = None
        _create(instance)
        if change is not None:
            report.overwritten.append(f"{label} (deleted here; re-created)")
        else:
            report.created.append(label)
    else:
        _full_clean(instance)
        changed = _changes(instance, wrapper, existing)
        if not changed:
            report.unchanged += 1
            return []
        if not update:
            report.kept_local_edits.append(f"{label} ({', '.join(changed)})")
            return []
        # Keep the creation time the database already has (citations have none).
        if hasattr(existing, "created_at"):
            instance.created_at = existing.created_at
        instance.save()
        report.overwritten.append(f"{label} ({', '.join(changed)})")

    for name, pks in wrapper.m2m_data.items():
        manager = getattr(instance, name)
        # A row just created has no relations yet: adding them needs no read first.
        manager.add(*pks) if existing is None else manager.set(pks)
    if wrapper.deferred_fields:
        return [wrapper]  # checked once its references are complete
    _clean_relations(instance)
    return []


def _full_clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise FixtureError(_describe(exc)) from None


def _create(instance) -> None:
    """Insert a new row with the checks only Python can make; the database makes the rest.

    Its foreign keys were found by their natural keys, and the database enforces
    uniqueness and the check constraints: asking it each of those first, as
    full_clean() does, cost most of a fresh load. When the database refuses the row,
    full_clean() names what is wrong.
    """
    relations = [f.name for f in instance._meta.concrete_fields if f.many_to_one]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        with transaction.atomic():
            _without_citations_to_follow(instance)
            instance.save()
    except (ValidationError, IntegrityError) as exc:
        instance.pk = None
        _full_clean(instance)  # the whole story, as a curator's form would tell it
        raise FixtureError(_describe(exc)) from None
    key = instance.index_key() if isinstance(instance, Citation) else instance.slug
    remember(type(instance), key, instance.pk)


def _without_citations_to_follow(instance) -> None:
    """A new entry has no citations yet: say so, so the history (which follows an
    entry's citations) does not ask the database on each of its saves."""
    if isinstance(instance, Citation) or not hasattr(instance, "citations"):
        return
    instance._prefetched_objects_cache = {"citations": Citation.objects.none()}


def _clean_relations(instance) -> None:
    """The checks of many-to-many values (a technology's extra parents), which
    full_clean() cannot make: they are stored only after the row."""
    clean = getattr(instance, "clean_relations", None)
    if clean is None:
        return
    try:
        clean()
    except ValidationError as exc:
        raise FixtureError(_describe(exc)) from None


def _changes(instance, wrapper, existing) -> list[str]:
    """The names of the fields (many-to-many ones included) where the record and its row differ."""
    changed = [
        name for name, value in _field_values(instance).items() if getattr(existing, name) != value
    ]
    changed += [
        name
        for name, pks in wrapper.m2m_data.items()
        if set(pks) != set(getattr(existing, name).values_list("pk", flat=True))
    ]
    return changed


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
    report = LoadReport()
    history = LocalHistory()
    # Curators (issue 5): a load is one entry in each changed record's history, like an edit.
    # The index, slug history and page cache follow once, after the load commits (and
    # not at all when it rolls back): cooperation/changes.py.
    with transaction.atomic(), reversion.create_revision(), load_index():
        reversion.set_comment(
            "Loaded from fixtures" + (" with --update" if update else "") + f": {len(paths)} files."
        )
        for path in paths:
            deferred = []
            for number, record in enumerate(_read_records(path), start=1):
                where = f"{path.name}, record {number} ({_label(record)})"
                try:
                    deferred += [(where, w) for w in _load_record(record, update, report, history)]
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
                    _clean_relations(wrapper.object)
                except ValidationError as exc:
                    raise FixtureError(f"{where}: {_describe(exc)}") from None
                except FixtureError as exc:
                    raise FixtureError(f"{where}: {exc}") from None
        if dry_run:
            transaction.set_rollback(True)
    return report


def default_fixture_paths(directory: Path) -> list[Path]:
    return [directory / name for name, _ in FIXTURE_LAYOUT if (directory / name).exists()]
