"""The site's URLs plus /bench/minimal/, a view with no database and no template."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cooperation.urls import urlpatterns as site_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    # The yardstick: the whole middleware stack and gunicorn, but no work of our own.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *site_urlpatterns]
