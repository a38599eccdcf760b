"""Faults a new user and outside validators found (issue 18), each pinned by a test."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from cooperation.models import Technology
from tests.browse import factories as make

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def body(response) -> str:
    return response.content.decode()


class _Figures(HTMLParser):
    """The children of each <figure>, in order, by tag name."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.figure_depth: list[int] = []
        self.children: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if self.figure_depth and self.depth == self.figure_depth[-1] + 1:
            self.children[-1].append(tag)
        if tag == "figure":
            self.figure_depth.append(self.depth)
            self.children.append([])
        if tag not in ("link", "meta", "br", "img", "input", "path", "rect", "circle", "polygon"):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in ("link", "meta", "br", "img", "input", "path", "rect", "circle", "polygon"):
            return
        self.depth -= 1
        if tag == "figure":
            self.figure_depth.pop()


def test_technology_graph_caption_is_the_figures_first_or_last_child(client, seed_data):
    """HTML allows <figcaption> only first or last in a <figure> (the Nu checker's error)."""
    area = Technology.objects.published().filter(agreements__isnull=False).first()
    page = body(client.get(area.get_absolute_url()))
    assert "The picture in words" in page
    parser = _Figures()
    parser.feed(page)
    graph = [c for c in parser.children if "figcaption" in c]
    assert graph, "the graph's figure has a caption"
    for children in graph:
        assert children.index("figcaption") in (0, len(children) - 1), children


def _json_ld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_json_ld_puts_citation_on_creative_works_only(client):
    src = make.source(title="The reporting article")
    agreement, agency, area = make.agreement(), make.agency(), make.technology()
    event = make.event(location="Tokyo")
    for entry in (agreement, agency, area, event):
        make.cite(entry, src)
    article = {
        "@type": "Article",
        "name": "The reporting article",
        "url": f"http://testserver{src.get_absolute_url()}",
    }
    data = _json_ld(body(client.get(agreement.get_absolute_url())))
    assert data["@type"] == "CreativeWork" and data["citation"] == [article]
    for entry in (agency, area, event):
        data = _json_ld(body(client.get(entry.get_absolute_url())))
        assert "citation" not in data, data["@type"]
        assert data["subjectOf"] == [article], data["@type"]
    data = _json_ld(body(client.get(event.get_absolute_url())))
    assert data["location"] == {"@type": "Place", "name": "Tokyo"}
    assert data["startDate"] == "2023-05"


@pytest.mark.parametrize("url_name", ["cooperation:home", "cooperation:search"])
def test_each_search_landmark_has_its_own_name(client, url_name):
    page = body(client.get(reverse(url_name), {"q": "darpa"} if "search" in url_name else {}))
    forms = re.findall(r"<form[^>]*role=\"search\"[^>]*>", page)
    assert len(forms) == 2
    labels = [re.search(r'aria-label="([^"]+)"', form) for form in forms]
    assert all(labels), forms
    assert len({label.group(1) for label in labels}) == 2


def test_admin_login_page_has_a_main_heading(client):
    page = body(client.get(reverse("admin:login")))
    assert re.search(r"<h1>Log in", page), page[:2000]


def test_bad_request_page_offers_no_feed_that_would_answer_400(client):
    response = client.get(reverse("cooperation:agreement-list"), {"year_from": "abc"})
    assert response.status_code == 400
    page = body(response)
    for href in re.findall(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page
    ):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href
    assert "year_from=abc" not in page.split("</head>")[0]


def test_header_search_box_is_not_prefilled_with_a_lists_own_query(client):
    page = body(client.get(reverse("cooperation:agreement-list"), {"q": "radar"}))
    header_box = re.search(r'<input id="site-search-q"[^>]*>', page).group(0)
    assert 'value=""' in header_box
    assert 'id="filter-q" type="search" name="q" value="radar"' in page
    # On the search page the header box does carry the query being searched.
    page = body(client.get(reverse("cooperation:search"), {"q": "radar"}))
    assert 'value="radar"' in re.search(r'<input id="site-search-q"[^>]*>', page).group(0)


def test_a_draft_citation_leaves_no_trace_on_coverage_or_the_source_page(client):
    src = make.source()
    published = make.agreement()
    draft = make.agreement(publication_status="draft")
    seen = make.cite(published, src, quote="Opening line")
    hidden = make.cite(draft, src)
    page = body(client.get(reverse("cooperation:coverage")))
    assert re.search(rf"{src.title}</a>.*?· 1 citation\b", page, re.S)
    data = client.get(reverse("cooperation:coverage"), {"format": "json"}).json()
    (row,) = [s for s in data["sources"] if s["slug"] == src.slug]
    assert row["citations"] == 1
    page = body(client.get(src.get_absolute_url()))
    assert f'id="citation-{seen.pk}"' in page
    assert f"citation-{hidden.pk}" not in page
    assert "<mark" not in page.split("Opening line", 1)[1].split("</main>")[0]


def test_login_with_an_unsafe_next_lands_on_the_admin(client):
    get_user_model().objects.create_user("curator", password=PASSWORD, is_staff=True)
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "curator", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_lockout_page_says_when_to_retry(client, settings):
    get_user_model().objects.create_user("curator", password=PASSWORD, is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "curator", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in body(response)
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600


def test_make_run_takes_a_port_and_the_readme_says_so():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8102"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 127.0.0.1:8102" in dry
    assert "http://127.0.0.1:8102/" in dry
    assert "make run PORT=8102" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize(
    ("mistyped", "meant"),
    [
        ("/agencies/dapra/", "/agencies/darpa/"),
        ("/technologies/hypersonic/", "/technologies/hypersonics/"),
        ("/agreements/us-japan-sosa-arangement/", "/agreements/security-of-supply-arrangement/"),
    ],
)
def test_a_mistyped_entity_url_suggests_the_nearest_entries(client, seed_data, mistyped, meant):
    response = client.get(mistyped)
    assert response.status_code == 404
    page = body(response)
    assert "Did you mean one of these" in page
    assert "Page not found" in page
    suggestions = re.findall(r'<li><a href="([^"]+)">', page.split('class="nearest"')[1])
    assert meant in suggestions[:3], suggestions
    kind = mistyped.split("/")[1]
    assert f'<a href="/{kind}/">all {kind}</a>' in page


def test_a_404_with_nothing_near_still_offers_the_list(client):
    response = client.get("/events/zzzzqqqq/")
    assert response.status_code == 404
    page = body(response)
    assert "Did you mean" not in page and '<a href="/events/">all events</a>' in page
    data = client.get("/events/zzzzqqqq/", {"format": "json"}).json()
    assert data == {"errors": {"slug": "No event is published at this address."}}


def test_the_404_suggestions_cost_the_same_queries_however_many_entries(client):
    def queries(url):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 404
        return len(ctx.captured_queries)

    make.agency(name="Defense Innovation Unit")
    one = queries("/agencies/defense-inovation-unit/")
    for n in range(40):
        make.agency(name=f"Defense agency number {n}")
    assert queries("/agencies/defense-inovation-unit/") == one <= 20
