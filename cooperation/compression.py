"""Public pages and feeds sent compressed; never a response that carries a secret.

BREACH recovers a secret from the size of compressed responses that also echo
what an attacker sends. The public pages hold no secret (no session, no token),
so they are compressed. A response that holds a CSRF token (any page with a POST
form: the admin, the login), any response for a signed-in user, and any that
sets a cookie are sent as they are.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware


def carries_secrets(request: HttpRequest, response: HttpResponse) -> bool:
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # get_token() ran: a token is on the page
        return True
    if response.cookies:
        return True
    if request.path.startswith("/admin/"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if carries_secrets(request, response):
            return response
        return super().process_response(request, response)
