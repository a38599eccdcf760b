"""Operations endpoints: what a load balancer or container runtime polls."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not."""
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
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """The site's icon, for browsers that ask /favicon.ico of pages naming none (the admin)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
