"""Security headers, bad-byte refusal and login throttling glue.

The Content-Security-Policy allows scripts, styles, fonts and images from the
site itself only, with no 'unsafe-inline': templates carry no inline script,
no style attribute and no on* handler, so an injected one would not run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from .responses import bad_request

logger = logging.getLogger("django.request")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def _takes_any_text(path: str, name: str) -> bool:
    """Search answers any string people type (its parser keeps only letters and digits)."""
    return name == "q" and path in (
        reverse("cooperation:search"),
        reverse("cooperation:search-suggest"),
    )


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy, and refuses NUL bytes in the URL.

    PostgreSQL cannot store or compare text containing NUL, so such a request
    would otherwise end in a 500 deep inside a query; it is a 400 here instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad_parameters = [
            name.replace("\x00", "\\0")
            for name, values in request.GET.lists()
            if "\x00" in name
            or (any("\x00" in v for v in values) and not _takes_any_text(request.path, name))
        ]
        if "\x00" in request.path:
            response = HttpResponseBadRequest(
                "Bad request: the address contains a NUL character.",
                content_type="text/plain; charset=utf-8",
            )
        elif bad_parameters:
            message = "Contains a NUL character, which no value may contain."
            response = bad_request(request, dict.fromkeys(bad_parameters, message))
        else:
            response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """A lost database connection is a 503 "try again" page, not a 500.

    The page is rendered without a request or the database (like 500.html), and
    Retry-After tells clients and proxies when to come back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable: %s %s",
            request.method,
            request.path,
            exc_info=exception,
            extra={"status_code": 503, "request": request},
        )
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes, for logins that come with a request.

    Code that authenticates without a request (scripts, the test client's
    login()) is not a login form a bot can hammer, so it is not counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, or the one the trusted proxies saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """django-axes's lockout: the 429 page, saying with Retry-After when to come back."""
    from axes.helpers import get_cool_off

    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    cool_off = get_cool_off(request)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
