"""Restoring one entry of the history safely.

Reversion reverts the whole revision a version belongs to, and a revision can hold far
more than the entry: a fixture load holds every record, a bulk publish every selected
entry. Reverting one agency to its loaded version must not roll back every other
curator's work, nor delete the citations added since to other entries.
"""

from __future__ import annotations

from django.db import models
from reversion.errors import RevertError
from reversion.models import Version

from ..changes import record, record_rename
from ..models import Citation, PublicationStatus, Reference, Source
from .history import citation_versions, cited_type, field_label, quote_text


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
    _keep_bookkeeping(obj, current)
    notes = _keep_the_slug_free(version, obj, current)
    notes += _leave_out_deleted_relations(model, obj, restored.m2m_data)
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


def _keep_bookkeeping(obj: models.Model, current: models.Model | None) -> None:
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


def _keep_the_slug_free(version: Version, obj, current) -> list[str]:
    """A slug another entry took since stays with it: the entry keeps the one it has."""
    model, slug = version._model, getattr(obj, "slug", None)
    if not slug or not model._base_manager.filter(slug=slug).exclude(pk=obj.pk).exists():
        return []
    holder = model._base_manager.get(slug=slug)
    if current is None:
        raise RevertError(
            f"Cannot recover “{version.object_repr}”: its slug “{slug}” is now used by "
            f"“{holder}”. Rename that entry first."
        )
    obj.slug = current.slug
    return [f"The slug “{slug}” is now used by “{holder}”; the slug “{current.slug}” is kept."]


def _leave_out_deleted_relations(model, obj, m2m_data: dict) -> list[str]:
    notes = []
    for model_field in model._meta.concrete_fields:
        if not model_field.is_relation:
            continue
        value = getattr(obj, model_field.attname)
        if value is not None and not _existing(model_field.related_model, [value]):
            setattr(obj, model_field.attname, None)
            notes.append(
                f"{field_label(model_field)}: the {model_field.related_model._meta.verbose_name}"
                f" it pointed to (#{value}) has since been deleted; left empty."
            )
    for name, pks in list(m2m_data.items()):
        model_field = model._meta.get_field(name)
        kept = _existing(model_field.related_model, pks)
        if len(kept) != len(set(pks)):
            missing = len(set(pks) - kept)
            related = model_field.related_model._meta
            noun = related.verbose_name if missing == 1 else related.verbose_name_plural
            notes.append(
                f"{field_label(model_field)}: {missing} related {noun} since deleted, left out."
            )
        m2m_data[name] = [pk for pk in pks if pk in kept]
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
                    f"The citation “{quote_text(data.get('claim') or '', 60)}” is left out: its "
                    "reference has since been deleted."
                )
                continue
        elif data["source_id"] not in live_sources:
            notes.append(
                f"The citation “{quote_text(data['quote'], 60)}” is left out: its source has since "
                "been deleted."
            )
            continue
        citation_version.revert()
    return notes
