import pytest

pytestmark = pytest.mark.django_db


def test_home_page_counts_each_type(client, seed_data):
    from cooperation.models import Agreement

    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<strong>{Agreement.objects.published().count()}</strong> agreements" in html
    for label in ("agencies", "technologies", "events", "sources"):
        assert label in html


def test_every_page_links_the_overviews_and_the_feed(client, seed_data):
    html = client.get("/").content.decode()
    for href in ("/timeline/", "/matrix/", "/coverage/"):
        assert f'href="{href}"' in html
    assert 'type="application/atom+xml"' in html and 'href="/feed/"' in html
    # A list page adds the feed of its own filters, once.
    listing = client.get("/agreements/", {"kind": "mou"}).content.decode()
    assert listing.count('href="/feed/"') == 1
    assert 'href="/agreements/feed/?kind=mou"' in listing


def _home(client) -> tuple[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_counts_and_area_tree_are_kept_until_what_they_count_changes(
    client, settings, seed_data
):
    from django.db import transaction

    from cooperation.models import Agreement, Event
    from tests.browse import factories as f

    settings.PAGE_CACHE_SECONDS = 0  # a first visit: nothing of the page itself is cached
    agreements = Agreement.objects.published().count()
    with transaction.atomic():
        area = f.technology(name="Glide bodies")
        f.agreement(name="First glide accord").technologies.add(area)
    html, computed = _home(client)
    assert f"<strong>{agreements + 1}</strong> agreements" in html
    assert (
        '>Glide bodies</a> <span class="facet-count" title="agreements, including sub-areas">1<'
        in html
    )

    # Nothing changed: the counts and the tree are read from the store, not counted.
    html_again, kept = _home(client)
    assert html_again == html
    assert kept == computed - 7  # 5 counts and the tree's 2 queries

    # An event changes no agreement and no area: the counts are counted again.
    events = Event.objects.published().count()
    with transaction.atomic():
        f.event(name="Glide review")
    assert f"<strong>{events + 1}</strong> events" in _home(client)[0]

    # A new agreement in the area shows at once, in the counts and in the tree.
    with transaction.atomic():
        f.agreement(name="Second glide accord").technologies.add(area)
    html, _ = _home(client)
    assert f"<strong>{agreements + 2}</strong> agreements" in html
    assert (
        '>Glide bodies</a> <span class="facet-count" title="agreements, including sub-areas">2<'
        in html
    )

    # So does a renamed area.
    area.name = "Boost-glide bodies"
    with transaction.atomic():
        area.save()
    assert ">Boost-glide bodies</a>" in _home(client)[0]
