"""The five filterable lists: filters, facet counts, chips, sort, pages, twins, errors."""

import csv
import io

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db


def get_json(client, url, params=None, status=200):
    response = client.get(url, {**(params or {}), "format": "json"})
    assert response.status_code == status, response.content[:300]
    return response.json()


def facet(data, name) -> dict:
    return {o["value"]: o for o in data["facets"][name]}


# --- filters and facets ------------------------------------------------------------


def test_technology_filter_includes_sub_areas_and_facet_rolls_up(client):
    parent = f.technology(name="Space")
    child = f.technology(name="Space sensors", parent=parent)
    on_parent, on_child, elsewhere = f.agreement(), f.agreement(), f.agreement()
    on_parent.technologies.add(parent)
    on_child.technologies.add(child)
    elsewhere.technologies.add(f.technology(name="Cyber"))
    data = get_json(client, "/agreements/", {"technology": parent.slug})
    assert {r["slug"] for r in data["results"]} == {on_parent.slug, on_child.slug}
    counts = facet(data, "technology")
    # Own selection excluded: the facet still offers the other area, with its count.
    assert counts[parent.slug]["count"] == 2 and counts[parent.slug]["selected"]
    assert counts[child.slug]["count"] == 1
    assert counts[elsewhere.technologies.get().slug]["count"] == 1


def test_facets_or_within_and_across(client):
    us, jp = f.agency(country="US"), f.agency(country="JP")
    mou_us = f.agreement(kind="mou")
    mou_us.parties.add(us)
    mou_jp = f.agreement(kind="mou")
    mou_jp.parties.add(jp)
    arr_jp = f.agreement(kind="arrangement")
    arr_jp.parties.add(jp)
    data = get_json(client, "/agreements/", {"kind": "mou"})
    assert data["count"] == 2
    # Across: the country facet counts only MOUs.
    assert facet(data, "country")["US"]["count"] == 1
    assert facet(data, "country")["JP"]["count"] == 1
    # Within: the kind facet ignores its own selection, so "arrangement" still counts 1.
    assert facet(data, "kind")["arrangement"]["count"] == 1
    assert facet(data, "kind")["mou"] == {
        "value": "mou",
        "label": "Memorandum of understanding",
        "count": 2,
        "selected": True,
    }
    both = get_json(client, "/agreements/", {"kind": ["mou", "arrangement"], "country": "JP"})
    assert {r["slug"] for r in both["results"]} == {mou_jp.slug, arr_jp.slug}


def test_agency_status_binding_and_year_filters(client):
    darpa = f.agency(slug="darpa-test", name="DARPA test")
    a2019 = f.agreement(signed_on="2019-01-01", signed_on_precision="year", legally_binding=True)
    a2023 = f.agreement(
        signed_on="2023-03-01", signed_on_precision="month", status="", legally_binding=None
    )
    a2019.parties.add(darpa)
    assert [
        r["slug"] for r in get_json(client, "/agreements/", {"agency": darpa.slug})["results"]
    ] == [a2019.slug]
    assert [
        r["slug"] for r in get_json(client, "/agreements/", {"year_from": 2020})["results"]
    ] == [a2023.slug]
    assert [r["slug"] for r in get_json(client, "/agreements/", {"year_to": 2019})["results"]] == [
        a2019.slug
    ]
    data = get_json(client, "/agreements/", {"binding": "yes"})
    assert [r["slug"] for r in data["results"]] == [a2019.slug]
    assert facet(data, "binding")["unknown"]["count"] == 1
    data = get_json(client, "/agreements/", {"status": "unknown"})
    assert [r["slug"] for r in data["results"]] == [a2023.slug]
    assert facet(data, "status")["signed"]["count"] == 1


def test_event_filters_and_facets(client):
    tech = f.technology()
    atla = f.agency(country="JP", slug="atla-t")
    summit = f.event(kind="summit", date="2024-04-10", date_precision="day")
    summit.technologies.add(tech)
    summit.participants.add(atla)
    f.event(kind="meeting", date="2021-01-01", date_precision="year")
    data = get_json(client, "/events/", {"technology": tech.slug, "agency": atla.slug})
    assert [r["slug"] for r in data["results"]] == [summit.slug]
    assert data["results"][0]["date"] == "2024-04-10"
    assert facet(data, "kind")["summit"]["count"] == 1
    assert get_json(client, "/events/", {"country": "JP"})["count"] == 1
    assert get_json(client, "/events/", {"kind": "meeting", "year_from": 2022})["count"] == 0


def test_agency_list_filters(client):
    tech = f.technology()
    active = f.agency(country="JP", kind="company")
    f.agency(country="US", kind="company")
    agreement = f.agreement()
    agreement.parties.add(active)
    agreement.technologies.add(tech)
    data = get_json(client, "/agencies/", {"technology": tech.slug})
    assert [r["slug"] for r in data["results"]] == [active.slug]
    assert facet(data, "country")["JP"]["count"] == 1
    data = get_json(client, "/agencies/", {"kind": "company"})
    assert facet(data, "kind")["company"]["count"] == 2
    assert facet(data, "technology")[tech.slug]["count"] == 1


def test_technology_and_source_lists(client):
    f.technology(name="Quantum sensing")
    f.technology(name="Hypersonics")
    assert [r["name"] for r in get_json(client, "/technologies/", {"q": "quant"})["results"]] == [
        "Quantum sensing"
    ]
    f.source(publisher="Alpha", published_on="2020-01-01")
    f.source(publisher="Beta", published_on="2023-01-01")
    data = get_json(client, "/sources/", {"publisher": "Alpha"})
    assert [r["publisher"] for r in data["results"]] == ["Alpha"]
    assert facet(data, "publisher")["Beta"]["count"] == 1
    assert get_json(client, "/sources/", {"year_from": 2021})["results"][0]["publisher"] == "Beta"


def test_chips_and_facet_links_in_html(client):
    jp = f.agency(country="JP")
    a = f.agreement(kind="mou")
    a.parties.add(jp)
    html = client.get("/agreements/", {"kind": "mou", "q": "Agreement", "page": "1"}).content
    html = html.decode()
    assert 'aria-label="Active filters"' in html
    # Removing the kind chip keeps q and drops page.
    assert 'href="?q=Agreement"' in html
    assert 'href="?kind=mou"' in html  # removing the q chip
    assert 'aria-current="true"' in html  # the selected facet option
    assert "Memorandum of understanding" in html


# --- sort and pages -----------------------------------------------------------------


def test_sort_whitelist(client):
    f.agreement(name="Alpha", signed_on="2020-01-01", signed_on_precision="year")
    f.agreement(name="Zulu", signed_on="2023-01-01", signed_on_precision="year")
    names = [r["name"] for r in get_json(client, "/agreements/", {"sort": "-name"})["results"]]
    assert names == ["Zulu", "Alpha"]
    names = [r["name"] for r in get_json(client, "/agreements/", {"sort": "date"})["results"]]
    assert names == ["Alpha", "Zulu"]
    data = get_json(client, "/agreements/", {"sort": "id; DROP TABLE"}, status=400)
    assert "sort" in data["errors"]


def test_pagination_next_previous_and_errors(client):
    for _ in range(30):
        f.agreement()
    first = get_json(client, "/agreements/")
    assert first["count"] == 30 and len(first["results"]) == 25
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/agreements/?")
    assert "page=2" in first["next"] and "format=json" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    assert "page=1" in second["previous"]
    html = client.get("/agreements/", {"page": 2}).content.decode()
    assert 'aria-current="page">2</a>' in html
    assert 'rel="prev"' in html
    assert client.get("/agreements/", {"page": 3}).status_code == 404
    assert client.get("/agreements/", {"page": 0}).status_code == 404
    response = client.get("/agreements/", {"page": "two"})
    assert response.status_code == 400
    assert "<code>page</code>" in response.content.decode()


# --- bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/agreements/", {"technology": "no-such-area"}, "technology"),
        ("/agreements/", {"agency": "nobody"}, "agency"),
        ("/agreements/", {"country": "ZZ"}, "country"),
        ("/agreements/", {"kind": "treaty"}, "kind"),
        ("/agreements/", {"status": "lost"}, "status"),
        ("/agreements/", {"binding": "perhaps"}, "binding"),
        ("/agreements/", {"year_from": "1990s"}, "year_from"),
        ("/agreements/", {"year_to": "-5"}, "year_to"),
        ("/agreements/", {"sort": "pk"}, "sort"),
        ("/agreements/", {"page": "1.5"}, "page"),
        ("/events/", {"kind": "party"}, "kind"),
        ("/events/", {"year_to": "soon"}, "year_to"),
        ("/agencies/", {"country": "Japan"}, "country"),
        ("/agencies/", {"sort": "budget"}, "sort"),
        ("/sources/", {"publisher": "Nobody Press"}, "publisher"),
        ("/sources/", {"year_from": "MMXX"}, "year_from"),
        ("/technologies/", {"page": "last"}, "page"),
        ("/technologies/", {"format": "xml"}, "format"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(client, path, params, parameter):
    response = client.get(path, params)
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()
    data = client.get(path, {**params, "format": "json"})
    if parameter != "format":
        assert data.status_code == 400
        assert parameter in data.json()["errors"]


def test_unknown_parameters_are_ignored(client):
    f.agreement()
    assert get_json(client, "/agreements/", {"utm_source": "x", "foo": "bar"})["count"] == 1


def test_blank_values_mean_no_filter(client):
    # A form's "Any" option submits an empty value: that is no filter, not a bad choice.
    tagged = f.agreement()
    tagged.technologies.add(f.technology(name="Cyber"))
    untagged = f.agreement()
    params = {"technology": "", "agency": " ", "year_from": "", "status": "", "sort": ""}
    data = get_json(client, "/agreements/", params)
    assert {r["slug"] for r in data["results"]} == {tagged.slug, untagged.slug}
    assert get_json(client, "/events/", {"kind": "", "year_to": ""})["count"] == 0


# --- twins ------------------------------------------------------------------------


def test_json_list_shape(client):
    tech, party = f.technology(), f.agency()
    a = f.agreement(acronym="=HYPER", signed_on="2023-01-01", signed_on_precision="month")
    a.technologies.add(tech)
    a.parties.add(party)
    f.cite(a)
    data = get_json(client, "/agreements/")
    assert set(data) >= {"count", "next", "previous", "results", "facets"}
    row = data["results"][0]
    assert row["url"] == f"http://testserver/agreements/{a.slug}/"
    assert row["signed_on"] == "2023-01"
    assert row["legally_binding"] is None
    assert row["parties"] == [
        {"slug": party.slug, "name": party.name, "url": f"http://testserver/agencies/{party.slug}/"}
    ]
    assert row["citations"][0]["source"]["title"].startswith("Source")


def test_csv_twin_is_filtered_and_neutralises_formulas(client):
    f.agreement(name="=HYPERLINK(evil)", kind="mou")
    f.agreement(name="+cmd", kind="mou")
    f.agreement(name="-1", kind="arrangement")
    f.agreement(name="@sum", kind="mou")
    response = client.get("/agreements/", {"format": "csv", "kind": "mou"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:3] == ["slug", "name", "acronym"]
    names = sorted(r[1] for r in rows[1:])
    assert names == ["'+cmd", "'=HYPERLINK(evil)", "'@sum"]
    assert client.get("/agreements/", {"format": "csv", "year_from": "x"}).status_code == 400


# --- default order, more bad input, link previews -----------------------------------


@pytest.mark.parametrize(
    ("path", "build", "field"),
    [
        ("/events/", f.event, "date"),
        ("/sources/", f.source, "published_on"),
    ],
)
def test_default_order_is_the_menus_newest_first_on_every_database(client, path, build, field):
    # Without ?sort= the list is in the menu's default order, "Newest first", undated
    # last; PostgreSQL's plain DESC (the model's ordering) put undated rows first.
    undated = build(**{field: None, f"{field}_precision": ""})
    older = build(**{field: "2001-01-01", f"{field}_precision": "year"})
    newer = build(**{field: "2022-01-01", f"{field}_precision": "year"})
    expected = [newer.slug, older.slug, undated.slug]
    assert [r["slug"] for r in get_json(client, path)["results"]] == expected
    assert [r["slug"] for r in get_json(client, path, {"sort": "-date"})["results"]] == expected
    rows = list(csv.reader(io.StringIO(client.get(path, {"format": "csv"}).getvalue().decode())))
    assert [r[0] for r in rows[1:]] == expected
    html = client.get(path).content.decode()
    assert html.index(f"/{newer.slug}/") < html.index(f"/{undated.slug}/")


def test_agreements_sorted_by_date_keep_undated_last_both_ways(client):
    undated = f.agreement(name="A undated")
    older = f.agreement(signed_on="2001-01-01", signed_on_precision="year")
    newer = f.agreement(signed_on="2022-01-01", signed_on_precision="year")
    newest_first = get_json(client, "/agreements/", {"sort": "-date"})["results"]
    assert [r["slug"] for r in newest_first] == [newer.slug, older.slug, undated.slug]
    oldest_first = get_json(client, "/agreements/", {"sort": "date"})["results"]
    assert [r["slug"] for r in oldest_first] == [older.slug, newer.slug, undated.slug]
    # The default is the menu's first entry: newest first (issue 18).
    assert get_json(client, "/agreements/")["results"][0]["slug"] == newer.slug


def test_sort_menu_marks_the_default_and_the_choice(client):
    f.event()
    html = client.get("/events/").content.decode()
    assert '<option value="-date" selected>Newest first</option>' in html
    html = client.get("/events/", {"sort": "name"}).content.decode()
    assert '<option value="name" selected>Name A–Z</option>' in html
    assert '<option value="-date">Newest first</option>' in html


@pytest.mark.parametrize("page", ["²", "١", "½", "1e3", "0x1", "１"])
def test_page_numbers_are_ascii_digits(client, page):
    # "²".isdigit() is true but int("²") fails: that was a 500.
    f.agreement()
    response = client.get("/agreements/", {"page": page})
    assert response.status_code == 400
    assert "<code>page</code>" in response.content.decode()
    assert "page" in client.get("/agreements/", {"page": page, "format": "json"}).json()["errors"]


def test_page_past_the_end_is_a_404_that_helps(client):
    for _ in range(30):
        f.agreement(kind="mou")
    response = client.get("/agreements/", {"page": 7, "kind": "mou"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "No page 7 of these agreements" in html
    assert "pages run from 1 to 2" in html
    assert 'href="/agreements/?page=2&amp;kind=mou">Go to the last page (2)</a>' in html
    response = client.get("/agreements/", {"page": 7, "format": "json"})
    assert response.status_code == 404
    assert response.json() == {
        "errors": {"page": "There is no page 7 of these agreements: pages run from 1 to 2."}
    }


@pytest.mark.parametrize("path", ["/agreements/", "/events/", "/sources/"])
def test_a_swapped_year_range_is_a_400_naming_year_to(client, path):
    response = client.get(path, {"year_from": "2023", "year_to": "2020"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<code>year_to</code>: Enter a year no earlier than year_from (2023)." in html
    data = client.get(path, {"year_from": "2023", "year_to": "2020", "format": "json"}).json()
    assert list(data["errors"]) == ["year_to"]
    # The same year at both ends is one year, not an error.
    assert client.get(path, {"year_from": "2023", "year_to": "2023"}).status_code == 200


def test_bad_request_page_offers_the_address_without_the_bad_parameter(client):
    response = client.get("/agreements/", {"kind": "mou", "year_from": "soon", "page": "2"})
    assert response.status_code == 400
    html = response.content.decode()
    # The user's other choices are kept; the page number is dropped with the error.
    assert 'href="/agreements/?kind=mou">Try again without <code>year_from</code></a>' in html
    assert 'href="/agreements/">Start again without any filters</a>' in html


def test_list_link_previews_name_the_filters(client):
    jp = f.agency(country="JP")
    a = f.agreement(kind="mou")
    a.parties.add(jp)
    html = client.get("/agreements/", {"kind": "mou", "country": "JP"}).content
    html = html.decode()
    assert (
        '<link rel="canonical" href="http://testserver/agreements/?kind=mou&amp;country=JP">'
        in html
    )
    description = "1 agreement · Country of a party: Japan; Kind: Memorandum of understanding"
    assert f'<meta name="description" content="{description}">' in html
    title = "Agreements with parties from Japan, of kind memorandum of understanding"
    assert f'<meta property="og:title" content="{title}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    assert f'<meta name="twitter:title" content="{title}">' in html
    plain = client.get("/sources/").content.decode()
    assert '<link rel="canonical" href="http://testserver/sources/">' in plain
    assert '<meta property="og:description" content="0 sources">' in plain


def test_small_screens_can_jump_to_the_filters(client):
    # Below 48rem the filters follow the results; a link near the count reaches them.
    html = client.get("/agreements/", {"kind": "mou"}).content.decode()
    assert '<a href="#filters-heading">Narrow the list (1 active) ↓</a>' in html
    assert 'id="filters-heading"' in html
