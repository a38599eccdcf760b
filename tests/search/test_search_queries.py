"""The number of SQL queries per search does not grow with the rows found."""

import pytest

from cooperation.search.query import parse, to_text

pytestmark = pytest.mark.django_db

# Technologies for the filter, counts, exact names, ranked page, highlights,
# and the "Did you mean" look-ups when little is found.
SEARCH_QUERIES = 9
TYPEAHEAD_QUERIES = 1


@pytest.mark.parametrize("rows", [1, 45])
def test_search_page_queries_are_bounded(client, make, django_assert_max_num_queries, rows):
    tech = make.technology("Kingfisher optics")
    for number in range(rows):
        agreement = make.agreement(f"Kingfisher accord {number}", summary="kingfisher")
        agreement.technologies.add(tech)
    for params in ({"q": "kingfisher"}, {"q": "kingfisher", "format": "json"}):
        with django_assert_max_num_queries(SEARCH_QUERIES):
            response = client.get("/search/", params)
        assert response.status_code == 200
    with django_assert_max_num_queries(SEARCH_QUERIES):
        data = client.get(
            "/search/", {"q": "kingfishr", "technology": tech.slug, "format": "json"}
        ).json()
    assert data["suggestion"] == "kingfisher"


@pytest.mark.parametrize("rows", [1, 45])
def test_typeahead_queries_are_bounded(client, make, django_assert_max_num_queries, rows):
    for number in range(rows):
        make.agency(f"Sandpiper office {number}", acronym=f"SPO{number}")
    with django_assert_max_num_queries(TYPEAHEAD_QUERIES):
        data = client.get("/search/suggest/", {"q": "sandp"}).json()
    assert len(data["results"]) == min(rows, 8)
    assert data["results"][0]["name"].startswith("Sandpiper office")


def test_parser_reads_web_syntax_and_ignores_engine_syntax():
    query = parse('hypersonic "dual use" drones OR robotics -china NEAR(x) a*b')
    # A token joined by punctuation (dual-use, a*b) is a phrase, as in web search.
    assert to_text(query) == 'hypersonic "dual use" drones OR robotics -china "near x" "a b"'
    assert not parse("-china").searchable
    assert parse('"unbalanced quote').words == ["unbalanced", "quote"]
    assert parse("x\x00y").words == ["x", "y"]
