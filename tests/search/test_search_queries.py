"""The number of SQL queries per search does not grow with the rows found."""

import pytest
from django.db import transaction

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
    # The most a query can ask: four words to correct, none found, then any of the words.
    with django_assert_max_num_queries(SEARCH_QUERIES):
        html = client.get("/search/", {"q": "kingfisher qzxv wplk jjrt vbnm"}).content.decode()
    assert "Search for any of the words" in html


@pytest.mark.parametrize("rows", [1, 45])
def test_typeahead_queries_are_bounded(client, make, django_assert_max_num_queries, rows):
    for number in range(rows):
        make.agency(f"Sandpiper office {number}", acronym=f"SPO{number}")
    with django_assert_max_num_queries(TYPEAHEAD_QUERIES):
        data = client.get("/search/suggest/", {"q": "sandp"}).json()
    assert len(data["results"]) == min(rows, 8)
    assert data["results"][0]["name"].startswith("Sandpiper office")


def test_parser_reads_web_syntax_and_ignores_engine_syntax():
    query = parse('hypersonic "dual use" drones OR robotics -china NEAR(x) x*y')
    # A token joined by punctuation (dual-use, x*y) is a phrase, as in web search;
    # written back, it is kept as typed.
    assert to_text(query) == 'hypersonic "dual use" drones OR robotics -china NEAR(x) x*y'
    assert [p.words for c in query.clauses for p in c.alternatives][-2:] == [
        ("near", "x"),
        ("x", "y"),
    ]
    assert not parse("-china").searchable
    assert parse('"unbalanced quote').words == ["unbalanced", "quote"]
    assert parse("x\x00y").words == ["x", "y"]


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("hypersonic AND missiles", "hypersonic missiles"),
        ("hypersonic && missiles", "hypersonic missiles"),
        ("hypersonic +missiles", "hypersonic missiles"),
        ("hypersonic NOT missiles", "hypersonic -missiles"),
        ("hypersonic | drones", "hypersonic OR drones"),
        ("hypersonic || drones", "hypersonic OR drones"),
        # Possessives and very common words are not searched, on either database.
        ("Japan's", "japan"),
        ("the hypersonic of", "hypersonic"),
        ('"the quad"', "quad"),
    ],
)
def test_operators_people_type_mean_what_they_expect(typed, same_as):
    assert parse(typed).clauses == parse(same_as).clauses


def test_a_query_of_common_words_only_says_so():
    query = parse("of the")
    assert not query.searchable and query.only_common_words
    assert query.common == ["of", "the"]
    # A phrase keeps its inner common words (and exact names keep them all).
    assert parse('"security of supply"').words == ["security", "of", "supply"]
    assert parse("Ministry of Defense").plain_key == "ministry of defense"
    assert parse("DARPA -china").plain_key == ""


def test_did_you_mean_keeps_what_was_typed_for_unchanged_words():
    query = parse("U.S. Departmnt")
    assert to_text(query, {"departmnt": "department"}) == "U.S. Department"
    query = parse('"Mitsubshi HEVY industries"')
    replace = {"mitsubshi": "mitsubishi", "hevy": "heavy"}
    assert to_text(query, replace) == '"Mitsubishi HEAVY industries"'
    # "--x" excludes x, and says so when written back.
    assert to_text(parse("--x")) == "-x"


def test_japanese_typeahead_offers_the_short_name_among_hundreds_of_longer_ones(
    client, make, django_assert_max_num_queries
):
    # 320 longer names start with 防衛 and sort before 防衛省 byte by byte (協 < 省), more
    # than a first read of keys in byte order holds: the short name still comes first.
    with transaction.atomic():
        for number in range(320):
            make.agency(f"Cooperation office {number}", name_ja=f"防衛協力事務所{number}")
        make.agency("Ministry of Defense", name_ja="防衛省")
    with django_assert_max_num_queries(TYPEAHEAD_QUERIES):
        results = client.get("/search/suggest/", {"q": "防衛"}).json()["results"]
    assert [r["name_ja"] for r in results[:2]] == ["防衛省", "防衛協力事務所0"]
    assert len(results) == 8
