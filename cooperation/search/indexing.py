"""Keeping the index current: within the request that changes an entity.

Signals re-index an entity and its neighbours on save and delete, on citation
changes and on relation (M2M) changes. Code that bypasses signals (a
queryset `.update()`) calls `reindex(objects)`. Bulk loads wrap themselves in
`deferred_indexing()` and pay for one batched re-index at the end.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from ..models import Citation, ContentVersion, SearchEntry, SearchTerm, SearchWord
from .documents import ENTITY_MODELS, TYPE_OF, build_documents, neighbours

BATCH_SIZE = 500

# While a bulk load runs, the (type, pk) pairs it touched; None otherwise.
_deferred: ContextVar[dict[str, set[int]] | None] = ContextVar("search_deferred", default=None)


def _chunks(values: list, size: int = BATCH_SIZE):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def index_batch(entity_type: str, pks: Iterable[int]) -> int:
    """Replace the entries of these entities; drafts and deleted ones just disappear."""
    total = 0
    for chunk in _chunks(sorted(set(pks))):
        stale = SearchEntry.objects.filter(entity_type=entity_type, object_id__in=chunk)
        removed = Counter(
            w for words in stale.values_list("words", flat=True) for w in words.split()
        )
        SearchTerm.objects.filter(entry__in=stale).delete()
        stale._raw_delete(stale.db)
        docs = build_documents(entity_type, chunk)
        for doc in docs:
            doc.entry.words = " ".join(sorted(doc.words))
        SearchEntry.objects.bulk_create([d.entry for d in docs])
        SearchTerm.objects.bulk_create(
            SearchTerm(
                entry=d.entry,
                key=key,
                position=position,
                entity_type=entity_type,
                slug=d.entry.slug,
                name=d.entry.name,
            )
            for d in docs
            for key, position in d.terms
        )
        added = Counter(w for d in docs for w in d.words)
        _count_words(added, removed)
        total += len(docs)
    return total


def _count_words(added: Counter, removed: Counter) -> None:
    """Apply the change in how many entries use each vocabulary word."""
    delta = Counter(added)
    delta.subtract(removed)
    changed = sorted(w for w, n in delta.items() if n)
    for chunk in _chunks(changed):
        current = dict(
            SearchWord.objects.select_for_update()
            .filter(word__in=chunk)
            .values_list("word", "entries")
        )
        counts = {w: current.get(w, 0) + delta[w] for w in chunk}
        SearchWord.objects.filter(word__in=[w for w, n in counts.items() if n <= 0]).delete()
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, entries=n) for w, n in counts.items() if n > 0],
            update_conflicts=True,
            unique_fields=["word"],
            update_fields=["entries"],
        )


def _group(objects) -> dict[str, set[int]]:
    if isinstance(objects, QuerySet):
        return {TYPE_OF[objects.model]: set(objects.values_list("pk", flat=True))}
    if isinstance(objects, Model):
        objects = [objects]
    grouped: dict[str, set[int]] = {}
    for obj in objects:
        if isinstance(obj, QuerySet):
            for kind, pks in _group(obj).items():
                grouped.setdefault(kind, set()).update(pks)
        elif type(obj) in TYPE_OF and obj.pk is not None:
            grouped.setdefault(TYPE_OF[type(obj)], set()).add(obj.pk)
    return grouped


def _reindex_grouped(grouped: dict[str, set[int]], with_neighbours: bool = True) -> None:
    todo = {kind: set(pks) for kind, pks in grouped.items()}
    if with_neighbours:
        for kind, pks in grouped.items():
            for chunk in _chunks(sorted(pks)):
                for other, ids in neighbours(kind, chunk).items():
                    todo.setdefault(other, set()).update(ids)
    with transaction.atomic():
        for kind in ENTITY_MODELS:
            if todo.get(kind):
                index_batch(kind, todo[kind])
        # What search finds changed, so did the pages: code that bypassed the
        # signals (a queryset update) calls reindex(), which lands here.
        ContentVersion.bump()


def reindex(objects, *, with_neighbours: bool = True) -> None:
    """Bring the index up to date for `objects` (instances, a list, or a QuerySet).

    Also re-indexes the entries whose text includes them (with_neighbours),
    since a name or publication change shows in theirs. For code that
    bypasses signals, e.g. `qs.update(publication_status=...)`.
    """
    grouped = _group(objects)
    pending = _deferred.get()
    if pending is not None:
        for kind, pks in grouped.items():
            pending.setdefault(kind, set()).update(pks)
        return
    _reindex_grouped(grouped, with_neighbours)


@contextlib.contextmanager
def deferred_indexing():
    """Collect the entities a bulk load touches and index them once, batched, at the end."""
    if _deferred.get() is not None:  # nested: the outermost block indexes
        yield
        return
    token = _deferred.set({})
    try:
        yield
        pending = _deferred.get()
    finally:
        _deferred.reset(token)
    if transaction.get_autocommit() or not transaction.get_rollback():
        _reindex_grouped(pending)
    # else: the load is being rolled back (a dry run), and its index with it.


def rebuild(progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Re-create the whole index from the published entities, in batches."""
    counts = {}
    with transaction.atomic():
        SearchTerm.objects.all()._raw_delete(SearchTerm.objects.db)
        SearchWord.objects.all()._raw_delete(SearchWord.objects.db)
        SearchEntry.objects.all()._raw_delete(SearchEntry.objects.db)
        for kind, model in ENTITY_MODELS.items():
            pks = list(model.objects.published().order_by("pk").values_list("pk", flat=True))
            done = indexed = 0
            if progress:
                progress(kind, 0, len(pks))
            for chunk in _chunks(pks):
                indexed += index_batch(kind, chunk)
                done += len(chunk)
                if progress:
                    progress(kind, done, len(pks))
            counts[kind] = indexed
        from .service import get_backend

        get_backend().after_rebuild()
        ContentVersion.bump()
    return counts


# Signals ----------------------------------------------------------------------


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex(instance)


def _on_pre_delete(sender, instance, **kwargs):
    instance._search_neighbours = neighbours(TYPE_OF[sender], [instance.pk])


def _on_delete(sender, instance, **kwargs):
    grouped = getattr(instance, "_search_neighbours", {})
    grouped.setdefault(TYPE_OF[sender], set()).add(instance.pk)
    _schedule(grouped)


def _schedule(grouped: dict[str, set[int]]) -> None:
    """Index these now, without neighbours, or at the end of a deferred bulk load."""
    pending = _deferred.get()
    if pending is None:
        _reindex_grouped(grouped, with_neighbours=False)
        return
    for kind, pks in grouped.items():
        pending.setdefault(kind, set()).update(pks)


def _on_citation_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    grouped: dict[str, set[int]] = {}
    if instance.target_type:
        grouped[instance.target_type] = {getattr(instance, f"{instance.target_type}_id")}
    if instance.source_id:  # the source's technology filter tags read its citations
        grouped["source"] = {instance.source_id}
    _schedule(grouped)


def _through_pairs(through, instance, pk_set) -> list[Model]:
    """The entities on both ends of a relation change."""
    objects: list = [instance]
    fields = [f for f in through._meta.fields if f.is_relation]
    if pk_set is None:  # clear(): whatever the instance is related to now
        own = [f for f in fields if f.related_model is type(instance)]
        for f in own:
            for other in fields:
                if other is not f:
                    ids = through.objects.filter(**{f.attname: instance.pk}).values_list(
                        other.attname, flat=True
                    )
                    objects.append(other.related_model.objects.filter(pk__in=list(ids)))
    return objects


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        instance._search_cleared = _through_pairs(sender, instance, None)
    elif action in ("post_add", "post_remove"):
        reindex([instance, model.objects.filter(pk__in=pk_set or [])], with_neighbours=False)
    elif action == "post_clear":
        reindex(getattr(instance, "_search_cleared", [instance]), with_neighbours=False)


def connect_signals() -> None:
    for model in ENTITY_MODELS.values():
        uid = f"search-{model._meta.model_name}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )
    post_save.connect(_on_citation_change, sender=Citation, dispatch_uid="search-citation")
    post_delete.connect(_on_citation_change, sender=Citation, dispatch_uid="search-citation")
