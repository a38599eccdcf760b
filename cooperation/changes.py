"""One write path: every write records what changed; after commit, the derived data follows.

Whoever writes content (the admin, a bulk action, a history restore, `load_fixtures`,
`generate_corpus`, a shell) goes through the model signals connected below, or, for
writes that bypass them (`queryset.update()`, bulk copies), through `record()` and
`everything_changed()`. What changed is collected per transaction; once it commits
(`transaction.on_commit`), one `flush()` brings the derived data up to date, each part
once:

1. slug history: the old slug of a renamed entry keeps answering, with a 301;
2. the search index, for exactly the entries whose indexed text changed (and the
   entries whose text names them, when a name or a publication changed);
3. the page cache: new content versions for the kinds changed, so no cached page that
   could show the write is older than it (cooperation/models/versions.py).

A rolled-back transaction (a dry run, a failed form, a restore only looked at) takes
its changes with it. Outside a transaction a write commits at once, and so does its flush.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from .models.common import named_fields, remember_stored


@dataclass(eq=False)  # told apart by identity: which one is scheduled (see _pending)
class ChangeSet:
    """What one transaction changed, by kind of entry ("agreement") and primary key."""

    entries: dict[str, set[int]] = field(default_factory=dict)
    named: dict[str, set[int]] = field(default_factory=dict)  # re-index their neighbours too
    renames: list[tuple[str, int, str, str]] = field(default_factory=list)
    everything: bool = False

    def add(self, kind: str, pks, *, neighbours: bool = False) -> None:
        self.entries.setdefault(kind, set()).update(pks)
        if neighbours:
            self.named.setdefault(kind, set()).update(pks)

    def flush(self) -> None:
        """Slug history, the index, the page cache: once, in one transaction of their own."""
        from .models import ContentVersion, SlugRedirect
        from .search import indexing

        try:
            # savepoint=False: after a real commit this is a transaction of its own;
            # inside a test's wrapping transaction a savepoint would only add queries.
            with transaction.atomic(savepoint=False):
                for kind, pk, old, new in self.renames:
                    SlugRedirect.objects.update_or_create(
                        entity_type=kind, old_slug=old, defaults={"object_id": pk}
                    )
                    # The new slug is live again: a history row for it would never be used.
                    SlugRedirect.objects.filter(entity_type=kind, old_slug=new).delete()
                if self.everything:
                    indexing.rebuild(mark_pages_stale=False)
                elif self.entries:
                    indexing.update_index(self.entries, self.named)
        finally:
            # Whatever happened to the index, no cached page may outlive the write.
            ContentVersion.bump(self.kinds())

    def kinds(self) -> set[str]:
        """The kinds whose pages can show this change: their versions change."""
        from .kinds import KINDS

        if self.everything:
            return set(KINDS)
        return set(self.entries) | {kind for kind, _pk, _old, _new in self.renames}


def _pending(using: str = DEFAULT_DB_ALIAS) -> tuple[ChangeSet, bool]:
    """This transaction's change set, and whether it is new (its flush not yet scheduled)."""
    connection = connections[using]
    changes = getattr(connection, "content_changes", None)
    scheduled = changes is not None and any(
        func == changes.flush for _sids, func, _robust in connection.run_on_commit
    )
    if scheduled:
        return changes, False
    changes = ChangeSet()
    connection.content_changes = changes
    return changes, True


def _change(apply, using: str = DEFAULT_DB_ALIAS) -> None:
    changes, new = _pending(using)
    apply(changes)
    if new:
        # Runs after the commit; at once when no transaction is open. Robust: the write
        # is committed whatever happens here, and an error is logged, not shown to the
        # curator as a failed save.
        transaction.on_commit(changes.flush, using=using, robust=True)


def record(objects, *, neighbours: bool = True, using: str = DEFAULT_DB_ALIAS) -> None:
    """Record a change signals did not see (e.g. `qs.update()`): instances or QuerySets."""
    grouped = _group(objects)

    def apply(changes: ChangeSet) -> None:
        for kind, pks in grouped.items():
            changes.add(kind, pks, neighbours=neighbours)

    _change(apply, using)


def record_rename(kind: str, pk: int, old: str, new: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """A slug changed without a signal (a restore's raw save): keep the old one answering."""
    _change(lambda changes: changes.renames.append((kind, pk, old, new)), using)


def everything_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """A bulk write of any size (a generated corpus): rebuild the whole index after commit."""

    def apply(changes: ChangeSet) -> None:
        changes.everything = True

    _change(apply, using)


def _kinds() -> dict[type[Model], str]:
    from .search.documents import TYPE_OF

    return TYPE_OF


def _group(objects) -> dict[str, set[int]]:
    kinds = _kinds()
    if isinstance(objects, QuerySet | Model):
        objects = [objects]
    grouped: dict[str, set[int]] = {}
    for obj in objects:
        if isinstance(obj, QuerySet):
            pks = obj.values_list("pk", flat=True)
            grouped.setdefault(kinds[obj.model], set()).update(pks)
        elif type(obj) in kinds and obj.pk is not None:
            grouped.setdefault(kinds[type(obj)], set()).add(obj.pk)
    return grouped


# What a save changed ---------------------------------------------------------------


def _stored_state(sender, instance) -> dict:
    stored = getattr(instance, "_stored", None)
    if stored is not None or instance._state.adding or instance.pk is None:
        return stored or {}
    # Built by hand with a primary key (a fixture record, say): read what is stored.
    row = sender._base_manager.filter(pk=instance.pk).values(*named_fields(sender)).first()
    instance._stored = row or {}
    return instance._stored


def _on_pre_save(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        instance._stored_before_save = _stored_state(sender, instance)


def _on_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    kind = _kinds()[sender]
    stored = {} if created else getattr(instance, "_stored_before_save", {})
    named = created or not stored or any(stored.get(n) != getattr(instance, n) for n in stored)
    old_slug = stored.get("slug")

    def apply(changes: ChangeSet) -> None:
        changes.add(kind, [instance.pk], neighbours=named)
        if old_slug and old_slug != instance.slug:
            changes.renames.append((kind, instance.pk, old_slug, instance.slug))

    _change(apply)
    remember_stored(instance)  # a second save in this transaction compares with this one


def _on_pre_delete(sender, instance, **kwargs) -> None:
    from .search.documents import neighbours

    # Their text names this entry; after the delete the relation rows are gone.
    instance._named_in = neighbours(_kinds()[sender], [instance.pk])


def _on_delete(sender, instance, **kwargs) -> None:
    kind = _kinds()[sender]
    named_in = getattr(instance, "_named_in", {})

    def apply(changes: ChangeSet) -> None:
        changes.add(kind, [instance.pk])
        for other, pks in named_in.items():
            changes.add(other, pks)

    _change(apply)


def _on_citation_change(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return

    def apply(changes: ChangeSet) -> None:
        if instance.target_type:
            changes.add(instance.target_type, [instance.target_id])
        if instance.source_id:  # a source's technology filter tags read its citations
            changes.add("source", [instance.source_id])

    _change(apply)


def _on_reference_change(sender, instance, raw=False, **kwargs) -> None:
    """A reference is shown with every citation of it: the cited entries change."""
    if raw:
        return
    cited = {(c.target_type, c.target_id) for c in instance.citations.all() if c.target_type}

    def apply(changes: ChangeSet) -> None:
        for kind, pk in cited:
            changes.add(kind, [pk])
        if instance.source_id:
            changes.add("source", [instance.source_id])

    _change(apply)


def _on_relation_change(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A relation is part of the text of the entry declaring it (an agreement's parties)."""
    if action == "pre_clear":
        instance._cleared_owners = _owners(sender, instance, reverse, None)
        return
    if action in ("post_add", "post_remove"):
        owners = _owners(sender, instance, reverse, pk_set)
    elif action == "post_clear":
        owners = getattr(instance, "_cleared_owners", {})
    else:
        return

    moved = _is_tree_edge(sender)

    def apply(changes: ChangeSet) -> None:
        for kind, pks in owners.items():
            changes.add(kind, pks, neighbours=moved)

    _change(apply)


def _is_tree_edge(through) -> bool:
    """An extra parent (issue 18) moves an area in the tree, like a new `parent`: the
    filter tags of what is filed under it name its ancestors, so they change too."""
    from .models import Technology

    return through is Technology.also_under.through


def _owners(through, instance, reverse: bool, pk_set) -> dict[str, set[int]]:
    """The entries on the declaring side of a relation change: their text lists it."""
    if not reverse:
        return {_kinds()[type(instance)]: {instance.pk}}
    # `instance` is on the target side (agency.agreements.add()): the owners are pk_set,
    # or, for clear(), every owner related to it now.
    relation = next(
        f for m in _kinds() for f in m._meta.local_many_to_many if f.remote_field.through is through
    )
    owner = relation.model
    if pk_set is None:
        pk_set = through.objects.filter(
            **{f"{relation.m2m_reverse_field_name()}_id": instance.pk}
        ).values_list(f"{relation.m2m_field_name()}_id", flat=True)
    return {_kinds()[owner]: set(pk_set)}


def connect_signals() -> None:
    from .models import Citation, Reference

    for model, kind in _kinds().items():
        uid = f"changes-{kind}"
        pre_save.connect(_on_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(_on_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
        for relation in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_relation_change,
                sender=relation.remote_field.through,
                dispatch_uid=f"{uid}-{relation.name}",
            )
    post_save.connect(_on_citation_change, sender=Citation, dispatch_uid="changes-citation")
    post_delete.connect(_on_citation_change, sender=Citation, dispatch_uid="changes-citation")
    post_save.connect(_on_reference_change, sender=Reference, dispatch_uid="changes-reference")
    pre_delete.connect(_on_reference_change, sender=Reference, dispatch_uid="changes-reference")
