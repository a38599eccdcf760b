"""The page cache serves a page again without rendering it, and never a stale one."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.models import ContentVersion
from tests.browse import factories as f

pytestmark = pytest.mark.django_db


def get(client, url: str, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def test_a_second_visit_is_served_from_the_cache_with_one_query(client):
    agreement = f.agreement(name="Hypersonic glide MOU")
    first, cold = get(client, agreement.get_absolute_url())
    second, warm = get(client, agreement.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert "Hypersonic glide MOU" in second.content.decode()
    assert warm == 1 < cold  # the content version, nothing else
    # Headers the site adds to every response come with a cached page too.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Type"] == "text/html; charset=utf-8"


def test_an_edit_shows_on_the_next_request(client):
    agreement = f.agreement(name="Old name")
    tech = f.technology(name="Quantum sensing")
    assert "Old name" in client.get("/agreements/").content.decode()
    agreement.name = "New name"
    agreement.save()
    page = client.get("/agreements/").content.decode()
    assert "New name" in page and "Old name" not in page
    # A relation change (no save of either row) shows too.
    assert "Quantum sensing" not in client.get(agreement.get_absolute_url()).content.decode()
    agreement.technologies.add(tech)
    assert "Quantum sensing" in client.get(agreement.get_absolute_url()).content.decode()


def test_publishing_and_unpublishing_show_at_once(client):
    draft = f.agreement(name="Quiet accord", publication_status="draft")
    assert "Quiet accord" not in client.get("/agreements/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft.publication_status = "published"
    draft.save()
    assert "Quiet accord" in client.get("/agreements/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200
    draft.publication_status = "draft"
    draft.save()
    assert "Quiet accord" not in client.get("/agreements/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_deleting_an_entry_shows_at_once(client):
    agreement = f.agreement(name="Short-lived accord")
    assert "Short-lived accord" in client.get("/agreements/").content.decode()
    agreement.delete()
    assert "Short-lived accord" not in client.get("/agreements/").content.decode()


def test_staff_are_never_served_a_cached_page(client):
    draft = f.agreement(name="Staff preview accord", publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404  # cached for nobody: a 404
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Draft — not public" in page.content.decode()
    client.logout()
    # The staff view was not stored for the public either.
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_pages_differ_by_query_string_and_host(client):
    f.agreement(name="Alpha accord", kind="mou")
    f.agreement(name="Beta accord", kind="arrangement")
    mou = client.get("/agreements/?kind=mou").content.decode()
    assert "Alpha accord" in mou and "Beta accord" not in mou
    arrangement = client.get("/agreements/?kind=arrangement").content.decode()
    assert "Beta accord" in arrangement and "Alpha accord" not in arrangement
    agreement = f.agreement(slug="gamma", name="Gamma accord")
    here = client.get(agreement.get_absolute_url() + "?format=json").json()
    there = client.get(agreement.get_absolute_url() + "?format=json", HTTP_HOST="localhost").json()
    assert here["url"] == "http://testserver/agreements/gamma/"
    assert there["url"] == "http://localhost/agreements/gamma/"


def test_errors_and_csv_exports_are_not_stored(client):
    f.agreement(name="Exported accord")
    assert client.get("/agreements/?year_from=abc").status_code == 400
    csv = client.get("/agreements/?format=csv")
    assert csv.streaming
    again = client.get("/agreements/?format=csv")
    assert again.streaming and b"Exported accord" in b"".join(again.streaming_content)


def test_the_version_changes_on_every_write():
    kinds = ["agency", "agreement"]
    before = ContentVersion.current(kinds)
    agency = f.agency()
    after_save = ContentVersion.current(kinds)
    agency.agreements.add(f.agreement())
    after_relation = ContentVersion.current(kinds)
    assert len({before, after_save, after_relation}) == 3


def test_page_cache_seconds_zero_turns_it_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    agreement = f.agreement()
    _, cold = get(client, agreement.get_absolute_url())
    _, again = get(client, agreement.get_absolute_url())
    assert again == cold > 1


def test_pages_are_kept_in_files_every_worker_shares(client, settings):
    from pathlib import Path

    from django.core.cache import caches

    agreement = f.agreement(name="Shared accord")
    client.get(agreement.get_absolute_url())
    stored = list(Path(settings.CACHES["pages"]["LOCATION"]).glob("*.djcache"))
    assert len(stored) == 1
    # Another process (a second gunicorn worker) opening the same directory finds it.
    caches["pages"].close()
    del caches["pages"]
    _, warm = get(client, agreement.get_absolute_url())
    assert warm == 1


class UnreachableCache(BaseCache):
    """A cache backend whose server is down, as Redis's client reports it."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    set = get


def test_an_unreachable_cache_costs_speed_not_the_page(client, settings, caplog):
    agreement = f.agreement(name="Served without its cache")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "tests.perf.test_page_cache.UnreachableCache"},
    }
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    assert "Served without its cache" in response.content.decode()
    assert "page cache unreadable" in caplog.text
