"""Feeds, sitemap, robots.txt, JSON-LD and the technology graph."""

import datetime
import json
import re
from xml.etree import ElementTree

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from cooperation import pictures
from cooperation.filters import AgreementFilter
from cooperation.models import Agency, Agreement, Event, Source, Technology
from cooperation.presentation import structured_data

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def links(feed) -> list[str]:
    return [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]


def test_overall_feed_lists_newly_published_entries_first(client, seed_data):
    agency = Agency.objects.published().last()
    agency.description = "Touched."
    agency.save()  # the latest change goes on top
    feed = atom(client.get(reverse("cooperation:feed")))
    hrefs = links(feed)
    assert hrefs[0].endswith(agency.get_absolute_url())
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == f"Agency: {agency}"
    assert len(hrefs) == 50


def test_overall_feed_leaves_out_drafts(client, seed_data):
    agreement = Agreement.objects.published().first()
    agreement.publication_status = "draft"
    agreement.save()
    hrefs = links(atom(client.get(reverse("cooperation:feed"))))
    assert not any(h.endswith(agreement.get_absolute_url()) for h in hrefs)


def test_agreement_feed_applies_the_list_filterset(client, seed_data):
    area = Technology.objects.published().filter(agreements__isnull=False).first()
    expected = AgreementFilter(
        QueryDict(f"technology={area.slug}"), queryset=Agreement.objects.published()
    ).qs
    feed = atom(client.get(reverse("cooperation:agreement-feed"), {"technology": area.slug}))
    assert sorted(h.split("testserver")[1] for h in links(feed)) == sorted(
        a.get_absolute_url() for a in expected
    )
    # The title names the filter and its value, so two filtered feeds read apart.
    assert f"Technology area: {area.name}" in feed.find(f"{ATOM}title").text


def test_event_feed_and_bad_parameters(client, seed_data):
    feed = atom(client.get(reverse("cooperation:event-feed"), {"kind": "summit"}))
    assert len(links(feed)) == Event.objects.published().filter(kind="summit").count()
    response = client.get(reverse("cooperation:event-feed"), {"year_to": "later"})
    assert response.status_code == 400
    assert "<code>year_to</code>" in response.content.decode()


def assert_valid_atom(feed) -> None:
    """What RFC 4287 requires of a feed and its entries."""
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}").text, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text  # entries name no author of their own
    rels = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert set(rels) == {"self", "alternate"}
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("cooperation:feed", {}),
        ("cooperation:agreement-feed", {}),
        ("cooperation:agreement-feed", {"technology": "hypersonics", "sort": "name"}),
        ("cooperation:event-feed", {"kind": ["summit", "test"], "year_from": "2021"}),
        ("cooperation:event-feed", {"technology": "hypersonics", "kind": "picnic-free"}),
    ],
)
def test_every_feed_is_valid_atom(client, seed_data, url_name, query):
    response = client.get(reverse(url_name), query)
    if response.status_code == 400:  # the last case: a kind that does not exist
        assert "<code>kind</code>" in response.content.decode()
        return
    assert_valid_atom(atom(response))


def test_a_search_with_control_characters_still_gives_a_valid_feed(client, seed_data):
    # XML 1.0 cannot hold most control characters; the title names the search words.
    response = client.get(reverse("cooperation:agreement-feed"), {"q": "0\x1f0 hyper\x07sonic"})
    assert response.status_code == 200
    feed = atom(response)
    assert_valid_atom(feed)
    assert "Search: 00 hypersonic" in feed.find(f"{ATOM}title").text


def test_a_filtered_feed_is_a_feed_of_its_own(client, seed_data):
    """Its id and self link carry the filters (and only the filters), its alternate
    link is the filtered list, which lists the same entries."""
    query = {"kind": "summit", "year_from": "2021", "sort": "name", "page": "2", "agency": ""}
    feed = atom(client.get(reverse("cooperation:event-feed"), query))
    rels = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert rels["self"] == "http://testserver/events/feed/?kind=summit&year_from=2021"
    assert feed.find(f"{ATOM}id").text == rels["self"]
    assert rels["alternate"] == "http://testserver/events/?kind=summit&year_from=2021"
    title = feed.find(f"{ATOM}title").text
    assert "Kind: Summit" in title and "From (year): 2021" in title and "Sort" not in title
    unfiltered = atom(client.get(reverse("cooperation:event-feed")))
    assert unfiltered.find(f"{ATOM}id").text != feed.find(f"{ATOM}id").text
    listed = client.get(rels["alternate"].removeprefix("http://testserver") + "&format=json")
    assert sorted(r["url"] for r in listed.json()["results"]) == sorted(links(feed))


def test_list_pages_show_a_visible_feed_link(client, seed_data):
    page = client.get(reverse("cooperation:event-list"), {"kind": "summit", "sort": "name"})
    html = page.content.decode()
    assert (
        '<a href="/events/feed/?kind=summit" type="application/atom+xml">Atom feed</a>'
        " of these results" in html
    )
    html = client.get(reverse("cooperation:agreement-list"), {"sort": "name"}).content.decode()
    assert (
        '<a href="/agreements/feed/" type="application/atom+xml">Atom feed</a> of this list' in html
    )
    html = client.get(reverse("cooperation:agency-list")).content.decode()
    assert "Atom feed</a> of" not in html  # agencies have no list feed: no dead link


def test_feed_route_is_not_an_agreement_slug(client, seed_data):
    assert reverse("cooperation:agreement-feed") == "/agreements/feed/"
    atom(client.get("/agreements/feed/"))


def test_list_feed_link_keeps_filters_but_not_paging():
    request = RequestFactory().get("/agreements/", {"technology": "quantum", "page": "2"})
    out = Template(
        '{% load discovery %}{% list_feed_link "cooperation:agreement-feed" "Agreements" %}'
    ).render(Context({"request": request}))
    assert 'href="/agreements/feed/?technology=quantum"' in out
    assert 'rel="alternate" type="application/atom+xml"' in out
    assert "matching these filters" in out


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _xml(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap_files(client) -> dict[str, list[str]]:
    """Each file the sitemap index lists, with the paths of the URLs it holds."""
    index = _xml(client, reverse("cooperation:sitemap"))
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        url = loc.text.split("testserver", 1)[1]
        files[url] = [
            u.text.split("testserver", 1)[1] for u in _xml(client, url).iter(f"{SITEMAP}loc")
        ]
    return files


def test_sitemap_lists_every_published_entry_and_no_draft(client, seed_data):
    draft = Event.objects.published().first()
    draft.publication_status = "draft"
    draft.save()
    files = sitemap_files(client)
    assert "/sitemap-agreement.xml" in files and "/sitemap-pages.xml" in files
    listed = [url for urls in files.values() for url in urls]
    locations = set(listed)
    for model in (Agreement, Agency, Technology, Event, Source):
        for entry in model.objects.published():
            assert entry.get_absolute_url() in locations
    assert draft.get_absolute_url() not in locations
    assert reverse("cooperation:timeline") in locations
    # The lists a crawler (or a reader) starts from are there too.
    for name in ("agreement-list", "agency-list", "technology-list", "event-list", "source-list"):
        assert reverse(f"cooperation:{name}") in locations
    assert len(locations) == len(listed)  # no duplicates


def test_the_sitemap_splits_a_section_past_the_limit_and_lists_every_file(client, monkeypatch):
    from cooperation import sitemaps

    # The protocol allows 50,000 URLs a file; the test lowers the limit, not the protocol.
    assert sitemaps.SECTION_SIZE == 50_000
    assert {site.limit for site in sitemaps.SITEMAPS.values()} == {50_000}
    monkeypatch.setattr(sitemaps.EntrySitemap, "limit", 4)
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 4)
    agreements = [
        Agreement.objects.create(
            slug=f"split-{n:02}", name=f"Split {n}", kind="mou", publication_status="published"
        )
        for n in range(10)
    ]

    files = sitemap_files(client)

    published = Agreement.objects.published()  # these ten, and the module's seed data
    pages = -(-published.count() // 4)
    assert pages >= 3
    assert [f for f in files if f.startswith("/sitemap-agreement.xml")] == [
        "/sitemap-agreement.xml",
        *(f"/sitemap-agreement.xml?p={page}" for page in range(2, pages + 1)),
    ]
    assert all(len(urls) <= 4 for urls in files.values())
    listed = [url for urls in files.values() for url in urls]
    assert {a.get_absolute_url() for a in published} <= set(listed)
    assert {a.get_absolute_url() for a in agreements} <= set(listed)
    assert len(listed) == len(set(listed))
    # Past the last file, or a section that does not exist: not found, never a 500.
    assert client.get(f"/sitemap-agreement.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-agreement.xml?p=two").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "User-agent: *" in body


def _request():
    return RequestFactory().get("/")


def test_json_ld_of_an_agreement_names_its_published_parties_only(seed_data):
    agreement = Agreement.objects.published().filter(parties__isnull=False).first()
    party = agreement.parties.published().first()
    Agency.objects.filter(pk=party.pk).update(publication_status="draft")
    data = structured_data(_request(), agreement)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["url"] == f"http://testserver{agreement.get_absolute_url()}"
    names = [org["name"] for org in data.get("sourceOrganization", [])]
    assert str(party) not in names
    # Held articles, and the documents referenced (issue 14), are what it cites.
    assert data["citation"] and all(
        c["@type"] in ("Article", "CreativeWork") for c in data["citation"]
    )


def test_json_ld_of_each_kind_of_entry(seed_data):
    event = Event.objects.published().filter(date__isnull=False).first()
    data = structured_data(_request(), event)
    assert (
        data["@type"] == "Event"
        and data["startDate"] == event.date.isoformat()[: len(data["startDate"])]
    )
    agency = Agency.objects.published().filter(country="JP").first()
    data = structured_data(_request(), agency)
    assert data["address"]["addressCountry"] == "JP"
    technology = Technology.objects.published().first()
    data = structured_data(_request(), technology)
    assert data["@type"] == "DefinedTerm"
    assert data["inDefinedTermSet"] == {
        "@type": "DefinedTermSet",
        "name": "Technology areas",
        "url": "http://testserver/technologies/",
    }
    source = Source.objects.published().first()
    data = structured_data(_request(), source)
    assert data["@type"] == "Article" and data["headline"] == source.title


def test_json_ld_tag_cannot_close_its_script_element(seed_data):
    agreement = Agreement.objects.published().first()
    agreement.summary = "</script><script>alert(1)</script>"
    out = Template("{% load discovery %}{% json_ld data %}").render(
        Context({"data": structured_data(_request(), agreement)})
    )
    assert out.count("</script>") == 1
    body = re.search(r'<script type="application/ld\+json">(.*)</script>', out, re.S).group(1)
    assert json.loads(body)["description"] == agreement.summary


def test_technology_graph_links_its_agreements_events_and_agencies(seed_data):
    area = (
        Technology.objects.published()
        .filter(agreements__isnull=False, events__isnull=False)
        .distinct()
        .first()
    )
    out = _graph(area)
    assert 'role="group"' in out and f"How {area.name} connects" in out
    assert "<desc" in out
    for agreement in area.agreements.published():
        assert f'href="{agreement.get_absolute_url()}"' in out
    for event in area.events.published()[:5]:
        assert f'href="{event.get_absolute_url()}"' in out
    party = Agency.objects.published().filter(agreements__technologies=area).first()
    if party:
        assert f'href="{party.get_absolute_url()}"' in out
    assert "The picture in words" in out


def _graph(area) -> str:
    return Template("{% load pictures %}{% technology_graph graph area %}").render(
        Context({"area": area, "graph": pictures.technology_graph(area)})
    )


def test_technology_graph_of_an_empty_area_says_so(db):
    area = Technology.objects.create(slug="empty", name="Empty", publication_status="published")
    out = _graph(area)
    assert "<svg" not in out
    assert "No published agreement or event is filed under Empty or its sub-areas yet." in out


def test_entity_pages_carry_json_ld(client, seed_data):
    for model in (Agreement, Agency, Technology, Event, Source):
        entry = model.objects.published().first()
        page = client.get(entry.get_absolute_url()).content.decode()
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert found, model
        data = json.loads(found.group(1))
        assert data["url"] == f"http://testserver{entry.get_absolute_url()}"
        assert data["name"] == str(entry)


def test_technology_page_shows_its_graph_with_sub_areas(client, seed_data):
    parent = Technology.objects.published().filter(children__isnull=False).first()
    child = parent.children.published().filter(agreements__isnull=False).first()
    page = client.get(parent.get_absolute_url()).content.decode()
    assert 'class="tech-graph__svg"' in page and "How it connects" in page
    if child:
        for agreement in child.agreements.published():
            assert f'class="node node--agreement" href="{agreement.get_absolute_url()}"' in page


@pytest.mark.parametrize(
    ("url_name", "feed_url"),
    [("agreement-list", "/agreements/feed/"), ("event-list", "/events/feed/")],
)
def test_list_pages_link_their_filtered_feed(client, seed_data, url_name, feed_url):
    area = Technology.objects.published().first()
    page = client.get(reverse(f"cooperation:{url_name}"), {"technology": area.slug, "page": 1})
    html = page.content.decode()
    assert f'href="{feed_url}?technology={area.slug}"' in html
    assert 'href="/feed/"' in html
