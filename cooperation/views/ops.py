"""Operations endpoints: what a load balancer or container runtime polls."""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..page_cache import CACHE_ALIAS

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not.

    The shared page cache (Redis, with several web nodes) is reported too: without it
    the site still serves every page, only slower, so a node stays in the balancer
    ("degraded") while the operator is told.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # Drop the broken connection so the next request opens a fresh one.
        connection.close_if_unusable_or_obsolete()
        logger.warning("health check: database unavailable: %s", exc.__class__.__name__)
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        # As the 503 page of the other routes says: worth asking again soon.
        response["Retry-After"] = "10"
        return response
    cache = _cache_health()
    return JsonResponse(
        {"status": "ok" if cache == "ok" else "degraded", "database": "ok", "cache": cache}
    )


def _cache_health() -> str:
    try:
        pages = caches[CACHE_ALIAS]
        pages.set("healthz", "ok", timeout=10)
        kept = pages.get("healthz")
        pages.delete("healthz")
        if kept != "ok":
            raise OSError("the cache did not keep what was written to it")
    except Exception as exc:  # any backend's error: Redis, the file system
        logger.warning("health check: page cache unavailable: %s", exc.__class__.__name__)
        return "unreachable"
    return "ok"


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """The site's icon, for browsers that ask /favicon.ico of pages naming none (the admin)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
