"""What became of a fixture record the database no longer has under its natural key.

A curator may have renamed the entry (its old slug is in the slug history), edited a
citation's quote (part of a citation's key) or deleted the record. The database's history
(django-reversion) tells these apart from new records: fixture_io.py keeps them as local
edits unless told to --update.
"""

from __future__ import annotations

import json

from django.db import models
from reversion.models import Version

from .models import CITABLE, REFERENCED, Citation, Reference, Source


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


def local_change(model, fields: dict, history: LocalHistory) -> tuple[str, int | None] | None:
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
