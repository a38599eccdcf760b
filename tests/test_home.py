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
