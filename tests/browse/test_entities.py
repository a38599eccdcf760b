"""Entity pages: fields, related entries both ways, citations, meta, drafts, twins."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A small graph: an agreement between two agencies, in a sub-area, with an event."""
    src = f.source(
        slug="report",
        title="A report",
        authors=["Ann Author", "Bo Writer"],
        publisher="Press & Co",
        published_on=datetime.date(2023, 1, 12),
        published_on_precision="day",
        original_url="https://example.org/report",
        text=(
            "The two ministries signed a memorandum on hypersonic research.\n\n"
            "DARPA and ATLA will test glide vehicles together."
        ),
    )
    space = f.technology(slug="space", name="Space")
    hyper = f.technology(
        slug="hypersonics", name="Hypersonics", parent=space, aliases=["HGV", "glide"]
    )
    dod = f.agency(slug="dod", name="Department of Defense", acronym="DoD", kind="department")
    darpa = f.agency(slug="darpa", name="DARPA", parent=dod)
    atla = f.agency(slug="atla", name="ATLA", country="JP")
    mou = f.agreement(
        slug="hyper-mou",
        name="Hypersonics MOU",
        acronym="HMOU",
        legally_binding=False,
        signed_on=datetime.date(2023, 1, 1),
        signed_on_precision="month",
        summary="An MOU on hypersonic research.",
        note="Month inferred from the report's date.",
    )
    mou.parties.add(darpa, atla)
    mou.technologies.add(hyper)
    test = f.event(
        slug="glide-test",
        name="Glide test",
        kind="test",
        date=datetime.date(1988, 1, 1),
        date_precision="year",
        location="Hawaii",
    )
    test.participants.add(darpa, atla)
    test.technologies.add(hyper)
    test.agreements.add(mou)
    cite_mou = f.cite(mou, src, "The two ministries signed a memorandum on hypersonic research.")
    cite_event = f.cite(test, src, "DARPA and ATLA will test glide vehicles together.")
    f.cite(darpa, src, "DARPA and ATLA will test glide vehicles together.")
    return {
        "src": src,
        "space": space,
        "hyper": hyper,
        "dod": dod,
        "darpa": darpa,
        "atla": atla,
        "mou": mou,
        "test": test,
        "cite_mou": cite_mou,
        "cite_event": cite_event,
    }


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_agreement_page_shows_every_field_and_links(client, world):
    html = html_of(client, "/agreements/hyper-mou/")
    assert "<h1>Hypersonics MOU (HMOU)</h1>" in html
    assert "Memorandum of understanding" in html
    assert "<dt>Status</dt><dd>Signed</dd>" in html
    # The machine-readable date is no more precise than the one shown.
    assert '<time datetime="2023-01">January 2023</time>' in html
    assert ">No</dd>" in html  # not legally binding
    for url in ("/agencies/darpa/", "/agencies/atla/", "/technologies/hypersonics/"):
        assert f'href="{url}"' in html
    assert 'href="/events/glide-test/"' in html
    assert "Inferred" in html and "Month inferred from the report" in html
    # The date's "inferred" mark leads to the note that says how.
    assert '<a class="badge badge-inferred" href="#note-heading">inferred: see note</a>' in html
    assert 'id="note-heading"' in html
    cite = world["cite_mou"]
    assert f'href="/sources/report/#citation-{cite.pk}"' in html
    assert "The two ministries signed a memorandum on hypersonic research." in html


def test_meta_canonical_and_cite_this(client, world):
    html = html_of(client, "/agreements/hyper-mou/?utm=x")
    assert '<link rel="canonical" href="http://testserver/agreements/hyper-mou/">' in html
    assert '<meta property="og:title" content="Hypersonics MOU (HMOU)">' in html
    assert '<meta name="twitter:description" content="An MOU on hypersonic research.">' in html
    assert '<meta property="og:url" content="http://testserver/agreements/hyper-mou/">' in html
    cite = re.search(r'<p id="cite-text" class="cite-text">(.*?)</p>', html, re.S).group(1)
    assert "Hypersonics MOU (HMOU)" in cite
    assert "http://testserver/agreements/hyper-mou/" in cite
    assert datetime.date.today().strftime("%B %Y") in cite
    # The copy button is hidden until the script finds a clipboard; no inline script.
    assert 'data-copy-target="cite-text" hidden' in html
    assert "<script>" not in html and "onclick" not in html and "style=" not in html


def test_agency_page_lists_agreements_events_parent_and_children(client, world):
    html = html_of(client, "/agencies/darpa/")
    assert 'href="/agreements/hyper-mou/"' in html
    assert 'href="/events/glide-test/"' in html
    assert 'href="/agencies/dod/"' in html  # parent
    assert "United States" in html
    parent = html_of(client, "/agencies/dod/")
    assert 'href="/agencies/darpa/"' in parent  # child, the other way


def test_technology_page_includes_sub_areas(client, world):
    html = html_of(client, "/technologies/space/")
    assert 'href="/agreements/hyper-mou/"' in html
    assert 'href="/events/glide-test/"' in html
    assert 'href="/agencies/atla/"' in html and 'href="/agencies/darpa/"' in html
    assert 'href="/technologies/hypersonics/"' in html
    sub = html_of(client, "/technologies/hypersonics/")
    assert "HGV; glide" in sub
    assert 'href="/technologies/space/"' in sub


def test_event_page(client, world):
    html = html_of(client, "/events/glide-test/")
    assert '<time datetime="1988">1988</time>' in html
    assert "see note" not in html  # no note, so nothing is marked inferred
    assert "Hawaii" in html and "Test" in html
    assert 'href="/agreements/hyper-mou/"' in html
    assert f'href="/sources/report/#citation-{world["cite_event"].pk}"' in html


def test_source_page_highlights_passages_and_lists_what_it_supports(client, world):
    html = html_of(client, "/sources/report/")
    cite = world["cite_mou"]
    assert (
        f'<mark class="cited" id="citation-{cite.pk}">The two ministries signed a memorandum'
        in html
    )
    # Two citations of one passage: one mark, an anchor for the second.
    assert html.count("DARPA and ATLA will test glide vehicles together.</mark>") == 1
    assert f'id="citation-{world["cite_event"].pk}"' in html
    assert "Ann Author, Bo Writer" in html and "Press &amp; Co" in html
    assert '<time datetime="2023-01-12">12 January 2023</time>' in html
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">' in html
    for url in ("/agreements/hyper-mou/", "/events/glide-test/", "/agencies/darpa/"):
        assert f'href="{url}"' in html


def test_source_text_is_escaped(client):
    f.source(slug="evil", text="<script>alert(1)</script> & more", title="<b>Bold</b>")
    html = html_of(client, "/sources/evil/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<b>Bold</b>" not in html


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x"],
)
def test_unsafe_original_url_is_never_a_link(client, url):
    f.source(slug="bad-url", original_url=url)
    html = html_of(client, "/sources/bad-url/")
    assert 'href="javascript' not in html.lower()
    assert 'href=" javascript' not in html.lower()
    assert 'href="data:' not in html


# --- drafts ---------------------------------------------------------------------


def test_drafts_are_404_for_the_public_and_hidden_from_related_lists(client, world):
    secret = f.agreement(slug="secret", name="Secret accord", publication_status="draft")
    secret.parties.add(world["darpa"])
    secret.technologies.add(world["hyper"])
    f.agency(
        slug="draft-unit", name="Draft unit", parent=world["darpa"], publication_status="draft"
    )
    assert client.get("/agreements/secret/").status_code == 404
    assert client.get("/agreements/secret/", {"format": "json"}).status_code == 404
    for url in ("/agencies/darpa/", "/technologies/space/", "/technologies/hypersonics/"):
        html = html_of(client, url)
        assert "Secret accord" not in html and "Draft unit" not in html
    data = client.get("/agencies/darpa/", {"format": "json"}).json()
    assert [a["slug"] for a in data["agreements"]] == ["hyper-mou"]
    assert data["children"] == []


def test_draft_parent_is_not_shown(client, world):
    world["dod"].publication_status = "draft"
    world["dod"].save()
    html = html_of(client, "/agencies/darpa/")
    assert 'href="/agencies/dod/"' not in html
    assert client.get("/agencies/darpa/", {"format": "json"}).json()["parent"] is None


def test_staff_preview_drafts_with_banner(client, world):
    f.agreement(slug="secret", name="Secret accord", publication_status="draft")
    user = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(user)
    html = html_of(client, "/agreements/secret/")
    assert "Draft — not public" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Draft — not public" not in html_of(client, "/agreements/hyper-mou/")
    visitor = get_user_model().objects.create_user("visitor", password="pw")
    client.force_login(visitor)
    assert client.get("/agreements/secret/").status_code == 404


# --- JSON twins -----------------------------------------------------------------


def test_agreement_json(client, world):
    data = client.get("/agreements/hyper-mou/", {"format": "json"}).json()
    assert data["slug"] == "hyper-mou"
    assert data["url"] == "http://testserver/agreements/hyper-mou/"
    assert data["name"] == "Hypersonics MOU"
    assert data["acronym"] == "HMOU"
    assert data["kind"] == "mou"
    assert data["status"] == "signed"
    assert data["legally_binding"] is False
    assert data["signed_on"] == "2023-01"
    assert {p["slug"] for p in data["parties"]} == {"darpa", "atla"}
    assert data["technologies"] == [
        {
            "slug": "hypersonics",
            "name": "Hypersonics",
            "url": "http://testserver/technologies/hypersonics/",
        }
    ]
    assert [e["slug"] for e in data["events"]] == ["glide-test"]
    assert data["summary"] == "An MOU on hypersonic research."
    assert data["citations"][0]["source"] == {
        "slug": "report",
        "title": "A report",
        "url": "http://testserver/sources/report/",
    }
    assert data["citations"][0]["quote"].startswith("The two ministries")


def test_agency_technology_event_source_json(client, world):
    agency = client.get("/agencies/darpa/", {"format": "json"}).json()
    assert agency["country"] == "US" and agency["kind"] == "agency" and agency["acronym"] == ""
    assert agency["parent"]["slug"] == "dod"
    assert agency["children"] == []
    assert [a["slug"] for a in agency["agreements"]] == ["hyper-mou"]
    assert [e["slug"] for e in agency["events"]] == ["glide-test"]
    assert client.get("/agencies/atla/", {"format": "json"}).json()["parent"] is None
    tech = client.get("/technologies/space/", {"format": "json"}).json()
    assert tech["parent"] is None
    assert [c["slug"] for c in tech["children"]] == ["hypersonics"]
    assert tech["aliases"] == []
    assert tech["agreements"] == [] and tech["events"] == []
    assert [a["slug"] for a in tech["agreements_including_sub_areas"]] == ["hyper-mou"]
    event = client.get("/events/glide-test/", {"format": "json"}).json()
    assert event["date"] == "1988" and event["location"] == "Hawaii" and event["kind"] == "test"
    assert {p["slug"] for p in event["participants"]} == {"darpa", "atla"}
    assert [a["slug"] for a in event["agreements"]] == ["hyper-mou"]
    source = client.get("/sources/report/", {"format": "json"}).json()
    assert source["title"] == "A report"
    assert source["authors"] == ["Ann Author", "Bo Writer"]
    assert source["publisher"] == "Press & Co"
    assert source["published_on"] == "2023-01-12"
    assert source["original_url"] == "https://example.org/report"
    assert [a["slug"] for a in source["supports"]["agreements"]] == ["hyper-mou"]


def test_entity_pages_refuse_csv_and_unknown_slugs(client, world):
    response = client.get("/agreements/hyper-mou/", {"format": "csv"})
    assert response.status_code == 400
    assert "format" in response.json()["errors"]
    assert client.get("/agreements/nope/").status_code == 404
    # The JSON twin's 404 is JSON a client can read, not an HTML page.
    response = client.get("/technologies/nope/", {"format": "json"})
    assert response.status_code == 404
    assert response.json() == {"errors": {"slug": "No technology is published at this address."}}


def test_citation_names_the_supported_field_in_words(client, world):
    world["mou"].citations.update(field="signed_on")
    html = html_of(client, "/agreements/hyper-mou/")
    assert "(supports: signed on)" in html
    assert "signed_on" not in html


def test_source_page_numbers_several_passages_of_one_entry(client, world):
    src = world["src"]
    second = f.cite(world["mou"], src, "DARPA and ATLA will test glide vehicles together.")
    html = html_of(client, "/sources/report/")
    first = world["cite_mou"]
    # One passage: a plain link; several: numbered links, each naming its place.
    assert f'<a href="#citation-{world["cite_event"].pk}">see the passage</a>' in html
    assert (
        f'passages <a href="#citation-{first.pk}" aria-label="passage 1 of 2">1</a>, '
        f'<a href="#citation-{second.pk}" aria-label="passage 2 of 2">2</a>'
    ) in html
    assert ">passage</a>" not in html


def test_technology_page_lists_undated_events_last_on_every_database(client, world):
    undated = f.event(slug="undated", name="AAA undated", date=None, date_precision="")
    undated.technologies.add(world["hyper"])
    dated = f.event(slug="dated", name="ZZZ dated", date=datetime.date(2024, 3, 1))
    dated.technologies.add(world["hyper"])
    data = client.get("/technologies/space/", {"format": "json"}).json()
    assert [e["slug"] for e in data["events_including_sub_areas"]] == [
        "dated",
        "glide-test",
        "undated",
    ]
    html = html_of(client, "/technologies/space/")
    assert html.index('href="/events/dated/"') < html.index('href="/events/undated/"')


def test_passage_marks_are_unique_and_split_quotes_still_anchor(client):
    src = f.source(slug="two-paras", text="Alpha beta.\n\nGamma delta.\n\nAlpha beta.")
    repeated = f.cite(f.agreement(), src, "Alpha beta.")
    spanning = f.cite(f.agency(), src, "Alpha beta.\n\nGamma")
    html = html_of(client, "/sources/two-paras/")
    assert html.count(f'id="citation-{repeated.pk}"') == 1
    assert html.count(f'id="citation-{spanning.pk}"') == 1
