"""Entries with hundreds of neighbours: a screenful of each relation, the count, a way on."""

import re

import pytest

from cooperation.related import CITATIONS_PER_PAGE, RELATED_SHOWN

from . import factories as f

pytestmark = pytest.mark.django_db

MANY = RELATED_SHOWN + 5


@pytest.fixture
def busy_agency():
    agency = f.agency(slug="busy", name="Busy Agency")
    for n in range(MANY):
        f.agreement(name=f"Accord {n:02}").parties.add(agency)
        f.event(name=f"Meeting {n:02}").participants.add(agency)
    for n in range(CITATIONS_PER_PAGE + 3):
        src = f.source(title=f"Article {n:02}", text=f"Busy Agency passage number {n}.")
        f.cite(agency, src, f"Busy Agency passage number {n}.")
    return agency


def test_an_agency_page_lists_a_screenful_and_links_to_the_rest(client, busy_agency):
    page = client.get("/agencies/busy/").content.decode()
    agreements = re.search(r'id="related-agreements".*?</section>', page, re.S).group(0)
    assert agreements.count("<li>") == RELATED_SHOWN
    assert f"({MANY})" in agreements
    assert f"Showing {RELATED_SHOWN} of {MANY}." in agreements
    assert f'href="/agreements/?agency=busy">See all agreements ({MANY})' in agreements
    events = re.search(r'id="related-events".*?</section>', page, re.S).group(0)
    assert f'href="/events/?agency=busy">See all events ({MANY})' in events
    # The list it links to holds them all.
    listed = client.get("/agreements/", {"agency": "busy", "format": "json"}).json()
    assert listed["count"] == MANY


def test_the_json_twin_lists_every_relation(client, busy_agency):
    data = client.get("/agencies/busy/?format=json").json()
    assert len(data["agreements"]) == MANY
    assert len(data["events"]) == MANY
    assert len(data["citations"]) == CITATIONS_PER_PAGE + 3


def test_citations_are_paginated(client, busy_agency):
    first = client.get("/agencies/busy/").content.decode()
    assert first.count('class="citation"') == CITATIONS_PER_PAGE
    assert f"Passages 1–{CITATIONS_PER_PAGE} of {CITATIONS_PER_PAGE + 3}." in first
    assert 'href="?citations=2#citations-heading" rel="next"' in first
    second = client.get("/agencies/busy/?citations=2").content.decode()
    assert second.count('class="citation"') == 3
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize(("value", "status"), [("abc", 400), ("-1", 400), ("0", 404), ("9", 404)])
def test_a_bad_citations_page_is_refused(client, busy_agency, value, status):
    response = client.get("/agencies/busy/", {"citations": value})
    assert response.status_code == status
    if status == 400:
        assert "citations" in response.content.decode()
    # The JSON twin lists every citation: it has no pages to ask for.
    data = client.get("/agencies/busy/", {"citations": value, "format": "json"})
    assert data.status_code == 200 and len(data.json()["citations"]) == CITATIONS_PER_PAGE + 3


def test_a_short_relation_is_shown_whole_and_still_leads_to_its_list(client):
    agency = f.agency(slug="quiet", name="Quiet Agency")
    f.agreement(name="Only accord").parties.add(agency)
    page = client.get("/agencies/quiet/").content.decode()
    assert "Only accord" in page and "Showing" not in page
    # The filtered list is where the agreements can be narrowed further.
    assert 'href="/agreements/?agency=quiet">See all agreements (1) →' in page


def test_a_long_facet_shows_the_busiest_options_and_a_way_to_all(client):
    tech = f.technology(slug="area")
    for n in range(30):
        agreement = f.agreement()
        agreement.technologies.add(tech)
        for _ in range(n % 4 + 1):
            agreement.parties.add(f.agency(name=f"Party {n:02}"))
    page = client.get("/agreements/").content.decode()
    facet = re.search(r'id="facet-agency".*?</section>', page, re.S).group(0)
    assert facet.count("<li") == 12
    assert 'href="?more=agency">Show all agency options</a>' in facet
    full = client.get("/agreements/?more=agency").content.decode()
    facet = re.search(r'id="facet-agency".*?</section>', full, re.S).group(0)
    assert facet.count("<li") > 30 and "Show all" not in facet
    # The JSON twin always has every option.
    data = client.get("/agreements/?format=json").json()
    assert len(data["facets"]["agency"]) > 30


def test_a_selected_option_stays_visible_in_a_short_facet(client):
    tech = f.technology(slug="area")
    quiet = f.agency(slug="quiet-one", name="Zz Quiet")
    for _ in range(30):
        agreement = f.agreement()
        agreement.technologies.add(tech)
        agreement.parties.add(f.agency(), f.agency())
    f.agreement().parties.add(quiet)
    page = client.get("/agreements/?agency=quiet-one&more=", follow=True).content.decode()
    facet = re.search(r'id="facet-agency".*?</section>', page, re.S).group(0)
    assert 'aria-current="true"' in facet and "Zz Quiet" in facet


def test_an_unknown_facet_to_show_in_full_is_a_400(client):
    response = client.get("/agreements/?more=bogus&format=json")
    assert response.status_code == 400
    assert "more" in response.json()["errors"]
