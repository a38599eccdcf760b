"""Every pictures page costs a fixed number of queries, whatever the number of rows."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from .factories import make_rows

pytestmark = pytest.mark.django_db

# (url name, query string, most queries allowed)
PAGES = [
    ("cooperation:coverage", "", 6),
    ("cooperation:coverage", "format=json", 6),
    ("cooperation:matrix", "", 3),
    ("cooperation:matrix", "format=csv", 3),
    ("cooperation:timeline", "", 4),
    ("cooperation:timeline", "technology=row-area&kind=summit&kind=mou&year_from=2000", 8),
    ("cooperation:feed", "", 5),
    ("cooperation:agreement-feed", "technology=row-area", 3),
    ("cooperation:event-feed", "agency=row-agency-0", 2),
    # Each entry sitemap counts its rows, then reads them: two queries a type.
    ("cooperation:sitemap", "", 10),
    ("cooperation:robots-txt", "", 0),
]


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
    if name not in ("cooperation:robots-txt", "cooperation:event-feed"):
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
    template = Template("{% load pictures %}{% technology_graph area %}")
    with django_assert_max_num_queries(6):
        out = template.render(Context({"area": made["parent"]}))
    assert made["agencies"][-1].get_absolute_url() in out or rows > 12
