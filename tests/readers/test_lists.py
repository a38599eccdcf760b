"""What readers expect of the lists (issue 18): a table view, newest first, clean shared URLs."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction
from django.urls import reverse

from tests.browse import factories as make
from tests.browse.test_query_counts import BOUND, LIST_CASES, MANY, queries_for

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def _table(page: str) -> tuple[list[str], list[str]]:
    """(header labels, first cell of each row) of the results table."""
    table = re.search(r'<table class="results-table">(.*?)</table>', page, re.S).group(1)
    headers = [
        re.sub(r"<[^>]+>|[▲▼]", "", h).strip()
        for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    ]
    names = [
        re.sub(r"<[^>]+>", "", n).strip()
        for n in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)
    ]
    return headers, names


def _agreement(name, year, **fields):
    return make.agreement(
        name=name, signed_on=datetime.date(year, 1, 1), signed_on_precision="year", **fields
    )


def test_agreements_table_has_a_sortable_column_for_each_fact(client):
    old = _agreement("Alpha accord", 2015, kind="mou", legally_binding=False)
    new = _agreement("Zulu accord", 2023, kind="joint_statement", legally_binding=True)
    darpa, atla = make.agency(name="DARPA"), make.agency(name="ATLA", country="JP")
    new.parties.add(darpa, atla)
    old.parties.add(darpa)
    new.technologies.add(make.technology(name="Hypersonics"))
    page = body(client.get(reverse("cooperation:agreement-list"), {"view": "table"}))
    headers, names = _table(page)
    assert headers == [
        "Name",
        "Kind",
        "Status",
        "Legally binding",
        "Signed",
        "Parties",
        "Technology areas",
    ]
    assert names == ["Zulu accord", "Alpha accord"]  # newest first by default
    assert 'aria-sort="descending"><a href="/agreements/?view=table&amp;sort=date">Signed' in page
    assert "<td>Yes</td>" in page and "<td>No</td>" in page
    assert ">Hypersonics</a></td>" in page
    # Each header sorts by its column; the same header again reverses it.
    page = body(
        client.get(reverse("cooperation:agreement-list"), {"view": "table", "sort": "-parties"})
    )
    assert _table(page)[1] == ["Zulu accord", "Alpha accord"]
    assert (
        'aria-sort="descending"><a href="/agreements/?view=table&amp;sort=parties">Parties' in page
    )
    page = body(
        client.get(reverse("cooperation:agreement-list"), {"view": "table", "sort": "name"})
    )
    assert _table(page)[1] == ["Alpha accord", "Zulu accord"]
    page = body(
        client.get(reverse("cooperation:agreement-list"), {"view": "table", "sort": "-binding"})
    )
    assert _table(page)[1] == ["Zulu accord", "Alpha accord"]


def test_table_and_cards_switch_keeping_the_filters(client):
    area = make.technology(name="Quantum")
    _agreement("Kept", 2020).technologies.add(area)
    _agreement("Filtered out", 2021)
    page = body(client.get(reverse("cooperation:agreement-list"), {"technology": area.slug}))
    assert '<ol class="result-list"' in page and "results-table" not in page
    assert f'<a href="/agreements/?technology={area.slug}&amp;view=table">Table</a>' in page
    page = body(
        client.get(
            reverse("cooperation:agreement-list"), {"technology": area.slug, "view": "table"}
        )
    )
    assert _table(page)[1] == ["Kept"]
    assert f'<a href="/agreements/?technology={area.slug}">Cards</a>' in page
    assert 'aria-current="page">Table</a>' in page


@pytest.mark.parametrize(
    ("url_name", "headers"),
    [
        (
            "cooperation:event-list",
            ["Name", "Kind", "Date", "Location", "Participants", "Technology areas"],
        ),
        ("cooperation:agency-list", ["Name", "Kind", "Country", "Part of", "Agreements", "Events"]),
        ("cooperation:technology-list", ["Name", "Sub-area of", "Agreements", "Events"]),
        ("cooperation:source-list", ["Title", "Authors", "Publisher", "Published"]),
    ],
)
def test_every_list_has_a_table(client, url_name, headers):
    event = make.event(name="Summit", location="Tokyo")
    event.technologies.add(make.technology(name="Autonomy"))
    event.participants.add(make.agency(name="DIU"))
    make.source(title="An article")
    page = body(client.get(reverse(url_name), {"view": "table"}))
    assert _table(page)[0] == headers
    assert _table(page)[1]


def test_a_bad_view_or_table_sort_is_a_400_naming_it(client):
    response = client.get(reverse("cooperation:agreement-list"), {"view": "grid"})
    assert response.status_code == 400
    assert "<code>view</code>: Choose cards or table." in response.content.decode()
    response = client.get(reverse("cooperation:event-list"), {"sort": "binding"})
    assert response.status_code == 400
    assert "<code>sort</code>" in response.content.decode()


def test_newest_first_by_default_and_explicit_sorts_still_work(client):
    _agreement("Beta", 2010)
    _agreement("Alpha", 2024)
    _agreement("Gamma", 2018)
    data = client.get(reverse("cooperation:agreement-list"), {"format": "json"}).json()
    assert [r["name"] for r in data["results"]] == ["Alpha", "Gamma", "Beta"]
    data = client.get(
        reverse("cooperation:agreement-list"), {"format": "json", "sort": "name"}
    ).json()
    assert [r["name"] for r in data["results"]] == ["Alpha", "Beta", "Gamma"]
    page = body(client.get(reverse("cooperation:agreement-list")))
    assert '<option value="-date" selected>Newest first</option>' in page
    # The table's column sorts are not crowding the menu.
    assert 'value="-parties"' not in page.split('id="filter-sort"')[1].split("</select>")[0]


def test_a_list_url_with_empty_parameters_redirects_to_the_clean_one(client):
    response = client.get("/agreements/?q=&technology=&year_from=2020&year_to=&sort=-date")
    assert response.status_code == 301
    assert response["Location"] == "/agreements/?year_from=2020&sort=-date"
    response = client.get("/events/?q=&kind=")
    assert response.status_code == 301 and response["Location"] == "/events/"
    # The machine-readable twins answer as before.
    assert client.get("/agreements/?q=&format=json").status_code == 200


def test_a_filtered_list_is_titled_with_its_filters(client):
    area = make.technology(name="Hypersonics")
    a = _agreement("Glide body accord", 2021, legally_binding=True)
    a.technologies.add(area)
    page = body(
        client.get(
            reverse("cooperation:agreement-list"),
            {"technology": area.slug, "binding": "yes", "year_from": "2020", "year_to": "2024"},
        )
    )
    title = "Agreements on Hypersonics, legally binding, 2020–2024"
    assert f"<title>{title} · " in page
    assert f'<meta property="og:title" content="{title}">' in page
    page = body(client.get(reverse("cooperation:agreement-list")))
    assert "<title>Agreements · " in page


def test_home_page_names_its_url_for_link_previews(client):
    page = body(client.get(reverse("cooperation:home")))
    assert '<meta property="og:url" content="http://testserver/">' in page


@pytest.mark.parametrize("path", list(LIST_CASES))
def test_table_view_query_count_does_not_grow(client, path):
    build = LIST_CASES[path]
    build(1)
    one = queries_for(client, path + "?view=table")
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        build(MANY)
    many = queries_for(client, path + "?view=table")
    assert many == one <= BOUND
