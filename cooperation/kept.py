"""Values read from the whole published record, kept per content version (issue 16).

Some parts of a page depend on no URL, only on what a few kinds of entry hold: the home
page's counts, and its area tree with every published agreement counted under its areas.
Computed on each visit they were most of the home page's cost when it is not served from
the page cache: the first visit, and every visit after any save.

`kept(name, shows, compute)` stores compute()'s value under the versions of the kinds it
reads, as the page cache stores a page (cooperation/page_cache.py): a write to one of
those kinds changes the key, so a kept value is never older than the last write that
could change it, and writes to other kinds leave it kept. It lives in the page cache's
store (a directory, or Redis shared by every web node), and a store that cannot be
reached costs speed, never a page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.urls import get_script_prefix
from django.utils import translation

from .models import ContentVersion
from .page_cache import CACHE_ALIAS

T = TypeVar("T")
_MISSING = object()
logger = logging.getLogger(__name__)


def kept(name: str, shows: Iterable[str], compute: Callable[[], T]) -> T:
    """compute(), or its value kept since the kinds in `shows` last changed.

    The value may hold names and addresses: the key holds the page's language and URL
    prefix too.
    """
    seconds = settings.KEPT_SECONDS
    if seconds <= 0:
        return compute()
    version = ContentVersion.current(shows)
    key = f"kept:{name}:{translation.get_language()}:{get_script_prefix()}:{version}"
    cache = caches[CACHE_ALIAS]
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # any backend's failure: Redis's errors are not OSErrors
        logger.warning("kept values unreadable; computing %s", name, exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.warning("kept values unwritable; %s not stored", name, exc_info=True)
    return value
