"""The home page: search box, areas with rolled-up counts, latest additions, counts."""

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db


def test_home_rolls_up_area_counts_and_lists_latest(client):
    space = f.technology(name="Space", slug="space")
    sensors = f.technology(name="Space sensors", slug="space-sensors", parent=space)
    a, b = f.agreement(name="Older accord"), f.agreement(name="Newest accord")
    a.technologies.add(space)
    b.technologies.add(sensors, space)  # counted once under Space
    f.agreement(name="Hidden draft accord", publication_status="draft").technologies.add(space)
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'id="home-search-q"' in html
    assert '<a href="/technologies/space/">Space</a> <span class="facet-count"' in html
    space_count = html.split('href="/technologies/space/">Space</a>')[1][:80]
    assert ">2</span>" in space_count
    sensors_count = html.split('href="/technologies/space-sensors/">Space sensors</a>')[1][:80]
    assert ">1</span>" in sensors_count
    assert html.index("Newest accord") < html.index("Older accord")
    assert "Hidden draft accord" not in html
    assert '<a href="/agreements/"><strong>2</strong> agreements</a>' in html


def test_home_has_a_link_preview(client):
    html = client.get("/").content.decode()
    assert '<link rel="canonical" href="http://testserver/">' in html
    title = "U.S.–Japan defense and dual-use technology cooperation"
    assert f'<meta property="og:title" content="{title}">' in html
    assert f'<meta name="twitter:title" content="{title}">' in html
    assert '<meta property="og:description" content="Agreements, agencies' in html
