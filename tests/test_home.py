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
