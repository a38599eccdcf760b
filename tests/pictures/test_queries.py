"""Every pictures page costs a fixed number of queries, whatever the number of rows."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from cooperation import pictures

from .factories import make_rows

pytestmark = pytest.mark.django_db

# (url name, query string, most queries allowed); each counts the content version
# read by the page cache (cooperation/page_cache.py).
PAGES = [
    # Issue 14: +3 for the top-level areas with their sub-areas, +2 for the evidence tiers.
    ("cooperation:coverage", "", 12),
    ("cooperation:coverage", "format=json", 12),
    ("cooperation:matrix", "", 4),
    ("cooperation:matrix", "format=csv", 4),
    ("cooperation:timeline", "", 5),
    ("cooperation:timeline", "technology=row-area&kind=summit&kind=mou&year_from=2000", 9),
    ("cooperation:feed", "", 6),
    ("cooperation:agreement-feed", "technology=row-area", 4),
    ("cooperation:event-feed", "agency=row-agency-0", 3),
    # The index counts each entry section's rows and reads its latest change: two a type.
    ("cooperation:sitemap", "", 11),
    ("cooperation:robots-txt", "", 0),
]


@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize("section", ["agreement", "technology", "pages"])
def test_sitemap_section_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, section
):
    made = make_rows(rows)
    url = reverse("cooperation:sitemap-section", args=[section])
    # The content version, the section's count, its rows.
    with django_assert_max_num_queries(3):
        body = client.get(url).content.decode()
    marker = {"agreement": made["agreements"][-1].slug, "technology": made["technologies"][-1].slug}
    assert marker.get(section, "/timeline/") in body


def fetch(client, name: str, query: str):
    response = client.get(reverse(name) + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


@pytest.mark.parametrize("rows", [1, 12])
@pytest.mark.parametrize(("name", "query", "limit"), PAGES)
def test_page_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, name, query, limit
):
    made = make_rows(rows)
    with django_assert_max_num_queries(limit):
        body = fetch(client, name, query)
    if name == "cooperation:sitemap":  # an index: it links the sections' files
        assert "/sitemap-agreement.xml</loc>" in body
    elif name not in ("cooperation:robots-txt", "cooperation:event-feed"):
        # The page really holds the rows it was counted with.
        markers = (
            made["agreements"][-1].slug,
            made["technologies"][-1].slug,
            made["technologies"][-1].name,
        )
        assert any(marker in body for marker in markers)


@pytest.mark.parametrize("rows", [1, 12])
def test_technology_graph_queries_do_not_grow(django_assert_max_num_queries, rows):
    made = make_rows(rows)
    template = Template("{% load pictures %}{% technology_graph graph area %}")
    # The hierarchy, a column each of agreements and events (with their totals), the
    # agencies' links counted two ways, the agencies shown, the links between them (3).
    with django_assert_max_num_queries(9):
        graph = pictures.technology_graph(made["parent"])
    with django_assert_max_num_queries(0):  # the tag only draws
        out = template.render(Context({"area": made["parent"], "graph": graph}))
    assert made["agencies"][-1].get_absolute_url() in out or rows > 12
