"""The entries nearest a mistyped address, for its 404 page (issue 18).

The slug's words are searched among entries of the same kind, with the search's
own spelling correction ("dapra" → darpa) and, when nothing has every word, any
of them: the same vocabulary and ranking the search page uses, on both databases.
"""

from __future__ import annotations

import re

from .search import service as search_service
from .search.base import Filters

LIMIT = 5
MAX_WORDS = 8


def nearest_entries(model_name: str, slug: str, limit: int = LIMIT) -> list[tuple[str, str]]:
    """(name, url) of up to `limit` published entries of this kind that `slug` may mean."""
    words = [w for w in re.split(r"[^0-9A-Za-z]+", slug) if w][:MAX_WORDS]
    if not words:
        return []
    filters = Filters(entity_type=model_name)
    found = search_service.search(" ".join(words), filters)
    for alternative in (found.suggestion, found.any_word):
        if found.results:
            break
        if alternative:
            found = search_service.search(alternative, filters)
    return [(result.name, result.url) for result in found.results[:limit]]
