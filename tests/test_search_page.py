import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_published_entries_by_name(client, seed_data):
    response = client.get("/search/", {"q": "Advanced Research Projects"})
    assert response.status_code == 200
    assert 'href="/agencies/darpa/"' in response.content.decode()


def test_header_search_form_points_at_search(client, seed_data):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html
