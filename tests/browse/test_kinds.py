"""The kind registry drives every route: each kind declared answers its list, JSON, CSV,
page and page JSON, and search knows it, with nothing else to write but templates."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from cooperation import csv_export
from cooperation.kinds import KINDS, Kind, kind_of
from cooperation.search import rebuild, search

from . import factories

pytestmark = pytest.mark.django_db

BUILDERS = {
    "agreement": factories.agreement,
    "agency": factories.agency,
    "technology": factories.technology,
    "event": factories.event,
    "source": factories.source,
}


@pytest.fixture
def entries() -> dict:
    built = {
        name: BUILDERS[name](**{kind.title_field: f"Zephyr {name}"}) for name, kind in KINDS.items()
    }
    rebuild()
    return built


def test_every_kind_has_a_builder_here():
    assert set(BUILDERS) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_list_in_three_formats_follows_the_declaration(client, entries, kind: Kind):
    entry = entries[kind.name]
    url = reverse(kind.list_url_name)
    assert url == f"/{kind.key_plural}/"

    page = client.get(url)
    assert page.status_code == 200
    assert f"<h1>{kind.list_title}</h1>" in page.content.decode()
    assert entry.get_absolute_url() in page.content.decode()

    data = client.get(url, {"format": "json"}).json()
    assert data["count"] == 1
    request = page.wsgi_request
    assert data["results"] == [kind.payload(request, kind.model.objects.for_detail().get())]

    exported = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    # The kind's declared columns come first, unchanged; the analyst's columns follow.
    assert rows[0][: len(kind.csv_header)] == kind.csv_header
    assert rows[0] == csv_export.columns(kind)[0]
    assert rows[1][0] == entry.slug


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_entity_page_and_twin_follow_the_declaration(client, entries, kind: Kind):
    entry = entries[kind.name]
    url = entry.get_absolute_url()
    assert url == reverse(kind.detail_url_name, kwargs={"slug": entry.slug})
    assert kind_of(entry) is kind

    page = client.get(url)
    assert page.status_code == 200
    assert page.templates[0].name == kind.detail_template
    assert '"@type"' in page.content.decode()

    data = client.get(url, {"format": "json"}).json()
    assert data["slug"] == entry.slug
    assert data["url"].endswith(url)


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_search_finds_each_kind_under_its_label(client, entries, kind: Kind):
    found = search("zephyr")
    labels = {result.type: result.type_label for result in found.results}
    assert labels[kind.name] == kind.label
    page = client.get(reverse("cooperation:search"), {"q": "zephyr", "type": kind.name})
    assert page.status_code == 200
    assert entries[kind.name].get_absolute_url() in page.content.decode()
