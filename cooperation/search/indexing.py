"""Keeping the index current: the entries a transaction changed, once it commits.

The change pipeline (cooperation/changes.py) collects what each write changed and
calls `update_index()` once per transaction, after commit. Code that bypasses
signals (a queryset `.update()`) calls `reindex(objects)`, which records the change
the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction

from ..models import ContentVersion, SearchEntry, SearchTerm, SearchWord
from .documents import ENTITY_MODELS, Document, build_documents, neighbours

BATCH_SIZE = 500


def _chunks(values: list, size: int = BATCH_SIZE):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def index_batch(entity_type: str, pks: Iterable[int]) -> int:
    """Replace the entries of these entities; drafts and deleted ones just disappear."""
    total = 0
    for chunk in _chunks(sorted(set(pks))):
        docs = build_documents(entity_type, chunk)
        if len(chunk) == 1 and len(docs) == 1 and _update_in_place(docs[0]):
            total += 1
            continue
        stale = SearchEntry.objects.filter(entity_type=entity_type, object_id__in=chunk)
        removed = Counter(
            w for words in stale.values_list("words", flat=True) for w in words.split()
        )
        SearchTerm.objects.filter(entry__in=stale).delete()
        stale._raw_delete(stale.db)
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
                name_ja=d.entry.name_ja,
            )
            for d in docs
            for key, position in d.terms
        )
        added = Counter(w for d in docs for w in d.words)
        _count_words(added, removed)
        total += len(docs)
    return total


def _update_in_place(doc: Document) -> bool:
    """Rewrite one entry's text in one UPDATE when its names are unchanged.

    An edit of an entry's summary, say: its type-ahead terms and vocabulary words are
    made of its names only, so they stay. False when there is no such entry yet.
    """
    entry = doc.entry
    same_names = SearchEntry.objects.filter(
        entity_type=entry.entity_type,
        object_id=entry.object_id,
        slug=entry.slug,
        name=entry.name,
        name_ja=entry.name_ja,
        names=entry.names,
        names_ja=entry.names_ja,
        words=" ".join(sorted(doc.words)),
    )
    return bool(
        same_names.update(
            summary=entry.summary,
            body=entry.body,
            tags=entry.tags,
            summary_ja=entry.summary_ja,
            body_ja=entry.body_ja,
        )
    )


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


def update_index(entries: dict[str, set[int]], named: dict[str, set[int]]) -> None:
    """Re-index `entries`, and the entries whose text names one of `named`, in one pass."""
    todo = {kind: set(pks) for kind, pks in entries.items()}
    for kind, pks in named.items():
        for chunk in _chunks(sorted(pks)):
            for other, ids in neighbours(kind, chunk).items():
                todo.setdefault(other, set()).update(ids)
    with transaction.atomic(savepoint=False):
        for kind in ENTITY_MODELS:
            if todo.get(kind):
                index_batch(kind, todo[kind])


def reindex(objects, *, with_neighbours: bool = True) -> None:
    """Bring the index (and the cached pages) up to date for `objects` after commit.

    `objects`: instances, a list, or a QuerySet. Also re-indexes the entries whose
    text includes them (with_neighbours), since a name or publication change shows in
    theirs. For code that bypasses signals, e.g. `qs.update(publication_status=...)`.
    """
    from ..changes import record

    record(objects, neighbours=with_neighbours)


def rebuild(
    progress: Callable[[str, int, int], None] | None = None, *, mark_pages_stale: bool = True
) -> dict[str, int]:
    """Re-create the whole index from the published entities, in batches.

    Search pages are cached too, so the pages are marked stale, unless the caller (the
    change pipeline) does that itself.
    """
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
        if mark_pages_stale:
            ContentVersion.bump(ENTITY_MODELS)
    return counts
