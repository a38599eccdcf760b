"""Search across the knowledge base, behind one interface.

One implementation per database, chosen by the connection's vendor
(`sqlite.py`: FTS5; `postgresql.py`: tsvector and pg_trgm), over an index of
public content only (`documents.py`), kept current after each commit by the
change pipeline (`cooperation/changes.py`, `indexing.py`).

- `filter_queryset(queryset, q)`: what list pages call to narrow a list by q.
- `search(q, filters, page)`: the ranked, highlighted results of /search/.
- `typeahead(prefix)`: names, acronyms and aliases by prefix.
- `reindex(objects)`: for code that bypasses signals, e.g. a bulk `.update()`.
- `rebuild()`: everything, in batches (`manage.py rebuild_search_index`).
"""

from .base import COUNT_CAP, RANK_CAP, Filters
from .indexing import rebuild, reindex
from .query import MAX_QUERY_LENGTH
from .service import (
    MAX_PAGE,
    PER_PAGE,
    PageNotFound,
    SearchResults,
    filter_queryset,
    get_backend,
    prepare,
    search,
    typeahead,
)

__all__ = [
    "COUNT_CAP",
    "MAX_PAGE",
    "MAX_QUERY_LENGTH",
    "PER_PAGE",
    "RANK_CAP",
    "Filters",
    "PageNotFound",
    "SearchResults",
    "filter_queryset",
    "get_backend",
    "prepare",
    "rebuild",
    "reindex",
    "search",
    "typeahead",
]
