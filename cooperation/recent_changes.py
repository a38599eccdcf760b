"""What changed: the published additions and edits, read from django-reversion's history.

Every save of an entry (admin, fixture load) is a reversion `Version` holding the
entry's fields as they were. A version of a published entry is an *addition* when
the entry was not published before it (new, or a draft just published), and an
*edit* when it was: then the fields whose value differs from the version before
are named (names only: the values are on the entry's page). Versions of drafts
are never shown, nor entries that are no longer published.

The latest versions are read in chunks of CHUNK, each with the previous version's
data beside it (one query), and the entries they belong to are looked up once per
kind: a constant number of queries, however long the history.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.db.models import Model, OuterRef, Subquery
from reversion.models import Version

from .kinds import kind_of
from .models import Agency, Agreement, Event, PublicationStatus, Source, Technology

PUBLISHED = PublicationStatus.PUBLISHED
LIMIT = 50
CHUNK = 200
MAX_CHUNKS = 5
MODELS: dict[str, type[Model]] = {
    m._meta.model_name: m for m in (Agreement, Event, Agency, Technology, Source)
}
# Bookkeeping, not content a reader would call a change.
NOT_CHANGES = {"created_at", "updated_at", "publication_status"}
ADDED, EDITED = "added", "edited"


@dataclass
class Change:
    entity: Model
    action: str  # ADDED or EDITED
    when: datetime.datetime
    fields: list[str] = field(default_factory=list)  # labels of the fields an edit changed
    version_id: int = 0

    @property
    def kind_label(self) -> str:
        # The kind's label in the page's language ("Agreement", "協定").
        return str(kind_of(self.entity).label)


def _fields(serialized: str | None) -> dict | None:
    if not serialized:
        return None
    try:
        return json.loads(serialized)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return None  # an unreadable old snapshot: treated as no previous version


def _label(model: type[Model], name: str) -> str:
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed from the model
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _versions():
    previous = Version.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        pk__lt=OuterRef("pk"),
    ).order_by("-pk")
    return (
        Version.objects.filter(
            content_type__app_label="cooperation", content_type__model__in=list(MODELS)
        )
        .select_related("revision", "content_type")
        .annotate(previous_data=Subquery(previous.values("serialized_data")[:1]))
        .order_by("-revision__date_created", "-pk")
    )


def _candidate(version) -> tuple[str, list[str]] | None:
    """(action, changed field names) for a version a reader should see, else None."""
    if version.format != "json":
        return None
    now, before = _fields(version.serialized_data), _fields(version.previous_data)
    if now is None or now.get("publication_status") != PUBLISHED:
        return None
    if before is None or before.get("publication_status") != PUBLISHED:
        return ADDED, []
    changed = [
        name
        for name, value in now.items()
        if name not in NOT_CHANGES
        and (sorted(value) if isinstance(value, list) else value)
        != (sorted(before.get(name) or []) if isinstance(value, list) else before.get(name))
    ]
    return (EDITED, changed) if changed else None


def _published(name: str, pks: set[int]):
    entries = MODELS[name].objects.published().filter(pk__in=pks)
    return entries.defer("text") if name == "source" else entries  # an article's text is long


def recent_changes(limit: int = LIMIT) -> list[Change]:
    """The latest published additions and edits, newest first."""
    found: list[Change] = []
    versions = _versions()
    for chunk_number in range(MAX_CHUNKS):
        chunk = list(versions[chunk_number * CHUNK : (chunk_number + 1) * CHUNK])
        pending = []
        for version in chunk:
            if (candidate := _candidate(version)) is not None:
                pending.append((version, *candidate))
        wanted: dict[str, set[int]] = {}
        for version, _, _ in pending:
            wanted.setdefault(version.content_type.model, set()).add(int(version.object_id))
        entities = {
            (name, entity.pk): entity
            for name, pks in wanted.items()
            for entity in _published(name, pks)
        }
        for version, action, names in pending:
            name = version.content_type.model
            entity = entities.get((name, int(version.object_id)))
            if entity is None:  # no longer published, or deleted
                continue
            model = MODELS[name]
            found.append(
                Change(
                    entity=entity,
                    action=action,
                    when=version.revision.date_created,
                    fields=[_label(model, n) for n in names],
                    version_id=version.pk,
                )
            )
            if len(found) >= limit:
                return found
        if len(chunk) < CHUNK:
            break
    return found
