"""Whole-page cache of the public pages, keyed on the content versions they show.

A public page is a function of the published content, the URL and the day (the
"cite this" block says when it was accessed). `cached_page` stores each
anonymous 200 response under (content versions, day, language, scheme, host,
full path) and serves it again until the content it shows changes: a hit costs one
query and no rendering. Every write to the content (saves, deletes, relation
changes, bulk loads) bumps the versions of the kinds it changed once its transaction
commits (the change pipeline, cooperation/changes.py), so a cached page is never
older than the last write that could change it. A page names the kinds it shows
(`shows`); by default, every kind.

Staff are never served from the cache (they preview drafts), nor is anything
but a GET or HEAD; streamed responses (CSV exports) are not stored. A cache that
cannot be reached (Redis down, a full disk) costs speed, never a page: the view
renders as if the cache were off, and the log says so.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation

from .kinds import KINDS
from .models import ContentVersion

CACHE_ALIAS = "pages"
logger = logging.getLogger(__name__)


def _is_staff_request(request: HttpRequest) -> bool:
    # Without a session cookie nobody is logged in: no session query needed.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def cache_key(request: HttpRequest, version: str) -> str:
    today = datetime.date.today().isoformat()
    # The language is in the key, not only in the path: an English and a Japanese
    # rendering must never be served for each other, whatever chose the language.
    language = translation.get_language() or ""
    parts = (
        version,
        today,
        language,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _freeze(response: HttpResponse) -> tuple:
    return (response.status_code, response.content, list(response.items()))


def _thaw(frozen: tuple) -> HttpResponse:
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def cached_page(
    view: Callable[..., HttpResponse], *, shows: Iterable[str] | None = None
) -> Callable[..., HttpResponse]:
    """Serve the view's anonymous GET responses from the page cache.

    `shows`: the kinds of entry whose content the page's HTML can show, counts and
    names included (tests/perf/test_page_versions.py checks each declaration); a write
    to any other kind leaves the page cached. Its other formats (`?format=json`, a
    feed) carry whole entries, so they show every kind.
    """
    every_kind = tuple(KINDS)
    html_shows = every_kind if shows is None else tuple(shows)
    if unknown := set(html_shows) - set(KINDS):
        raise ValueError(f"{view.__name__} shows unknown kinds: {sorted(unknown)}")

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        timeout = settings.PAGE_CACHE_SECONDS
        if timeout <= 0 or request.method not in ("GET", "HEAD") or _is_staff_request(request):
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        scopes = html_shows if request.GET.get("format", "html") == "html" else every_kind
        key = cache_key(request, ContentVersion.current(scopes))
        try:
            frozen = cache.get(key)
        except Exception:  # any backend's failure: Redis's errors are not OSErrors
            logger.warning("page cache unreadable; rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if frozen is not None:
            return _thaw(frozen)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()  # the sitemap answers a lazily rendered response
        if response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(key, _freeze(response), timeout)
            except Exception:
                logger.warning("page cache unwritable; %s not stored", request.path, exc_info=True)
        return response

    return wrapper
