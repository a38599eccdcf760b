"""Headers, /healthz, error pages and logs: what operators and browsers rely on."""

import json
import logging
import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from cooperation.logs import JsonFormatter
from cooperation.security import DatabaseUnavailableMiddleware

from .surfaces import body

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "cooperation"]
INTERNALS = ["Traceback", 'File "', "django.", "cooperation.models", "psycopg", "sqlite", "SECRET"]


@pytest.mark.django_db
def test_security_headers_on_every_response(client):
    for url in (reverse("cooperation:home"), "/no-such-page/", reverse("cooperation:healthz")):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_https_is_enforced_behind_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("cooperation:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    # The proxy says the visitor came over HTTPS: served, with HSTS.
    response = client.get(reverse("cooperation:home"), headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    # The container's health check speaks plain HTTP from inside.
    assert client.get(reverse("cooperation:healthz")).status_code == 200


@pytest.mark.django_db
def test_a_nul_byte_is_a_bad_request_not_a_crash(client):
    response = client.get(reverse("cooperation:agreement-list"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL" in body(response) and "q" in body(response)
    as_json = client.get(reverse("cooperation:agreement-list"), {"kind": "\x00", "format": "json"})
    assert as_json.status_code == 400 and "kind" in as_json.json()["errors"]


@pytest.mark.django_db
def test_search_takes_any_text_even_a_nul_byte(client):
    # Search's parser keeps only letters and digits, so it answers whatever people type.
    response = client.get(reverse("cooperation:search"), {"q": "a\x00b"})
    assert response.status_code == 200


def test_templates_carry_no_inline_script_style_or_handler():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
                offenders.append(f"{path}: inline <script>")
            if re.search(r"<style\b", text) or re.search(r"\sstyle\s*=", text):
                offenders.append(f"{path}: inline style")
            if re.search(r"\son[a-z]+\s*=", text):
                offenders.append(f"{path}: on* handler")
    assert not offenders


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # polled often: one trivial query, whatever the data
        response = client.get(reverse("cooperation:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_says_the_site_is_degraded_when_its_page_cache_is_unreachable(
    client, settings, caplog
):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "tests.perf.test_page_cache.UnreachableCache"},
    }
    response = client.get(reverse("cooperation:healthz"))
    # Still in the balancer: every page is served, uncached.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}
    assert "page cache unavailable" in caplog.text


@pytest.mark.django_db
def test_the_site_has_an_icon(client):
    page = client.get(reverse("cooperation:home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    # The admin names no icon, so browsers ask for /favicon.ico: no 404 in their console.
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("cooperation:healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert response["Retry-After"] == "10"
    # And the next poll reconnects.
    assert client.get(reverse("cooperation:healthz")).status_code == 200


def assert_site_page(text: str, heading: str) -> None:
    assert heading in text
    assert 'class="site-header"' in text and "css/site.css" in text  # the site's own look
    assert 'class="site-footer"' in text
    for word in INTERNALS:
        assert word not in text, word


@pytest.mark.django_db
def test_404_page_matches_the_site_and_reveals_nothing(client):
    response = client.get("/agreements/no-such-agreement/")
    assert response.status_code == 404
    text = body(response)
    assert_site_page(text, "Page not found")
    assert "No Agreement matches" not in text
    assert reverse("cooperation:search") in text


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (defaults.bad_request, 400, "That request could not be understood"),
        (defaults.permission_denied, 403, "You do not have access to this page"),
    ],
)
@pytest.mark.django_db
def test_400_and_403_pages(handler, status, heading):
    request = RequestFactory().get("/x")
    response = handler(request, Exception("internal detail /srv/app"))
    assert response.status_code == status
    text = response.content.decode()
    assert_site_page(text, heading)
    assert "internal detail" not in text


def test_500_page_renders_without_request_or_database():
    # No django_db mark: touching the database here would raise.
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert_site_page(response.content.decode(), "Something went wrong on our side")
    plain = engines["django"].get_template("500.html").render()
    assert "Something went wrong" in plain


def test_a_lost_database_is_a_503_page_without_touching_the_database():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/agreements/")
    response = middleware.process_exception(request, OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    text = response.content.decode()
    assert_site_page(text, "The knowledge base is briefly unavailable")
    assert "connection refused" not in text
    # Other errors stay 500s, handled by Django.
    assert middleware.process_exception(request, ValueError("bug")) is None


def test_json_logs_are_one_parseable_object_a_line():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Failed %s", ("GET /x",), sys.exc_info()
        )
    record.status_code = 500
    line = formatter.format(record)
    assert "\n" not in line.split('"exception"')[0]
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Failed GET /x" and entry["status"] == 500
    assert "ValueError: boom" in entry["exception"]


def test_gunicorn_access_lines_are_structured():
    atoms = {"h": "10.0.0.7", "m": "GET", "U": "/search/", "q": 'q=a"b', "s": "200", "B": "512"}
    atoms |= {"a": "curl/8", "f": "-", "D": "15300"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "x", (), None)
    record.args = atoms
    entry = json.loads(JsonFormatter().format(record))
    assert entry["path"] == "/search/" and entry["query"] == 'q=a"b'
    assert entry["status"] == 200 and entry["duration_ms"] == 15.3
    assert entry["remote_addr"] == "10.0.0.7" and "referer" not in entry
