"""What people see on /search/ and its JSON twin, on the real fixtures."""

import re

import pytest

from cooperation.search import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def result_slugs(response) -> list[str]:
    return [r["slug"] for r in response.json()["results"]]


def all_slugs(client, q: str) -> set[str]:
    """Every result, following the JSON twin's `next` links."""
    slugs, page = set(), 1
    while True:
        data = client.get("/search/", {"q": q, "format": "json", "page": page}).json()
        slugs |= {r["slug"] for r in data["results"]}
        if not data["next"]:
            return slugs
        page += 1


def search_json(client, **params):
    response = client.get("/search/", {**params, "format": "json"})
    assert response.status_code == 200
    return response


def test_json_twin_has_exactly_the_issue_keys(client, seed_data):
    data = search_json(client, q="hypersonic").json()
    assert set(data) == {"count", "next", "previous", "results", "facets", "suggestion"}
    assert data["count"] > 0
    # Issue 15: the JSON twins carry both names.
    assert set(data["results"][0]) == {"type", "slug", "name", "name_ja", "url", "snippet"}
    assert data["results"][0]["url"].startswith(f"/{'technologies'}/")
    assert data["suggestion"] is None
    assert sum(data["facets"]["type"].values()) == data["count"]


def test_acronym_puts_its_entity_first(client, seed_data):
    assert result_slugs(search_json(client, q="SOSA"))[0] == "security-of-supply-arrangement"
    assert result_slugs(search_json(client, q="DARPA"))[0] == "darpa"
    assert result_slugs(search_json(client, q="darpa"))[0] == "darpa"


def test_full_name_finds_the_agency_first(client, seed_data):
    slugs = result_slugs(search_json(client, q="Defense Advanced Research Projects Agency"))
    assert slugs[0] == "darpa"


def test_exact_match_is_labelled_on_the_page(client, seed_data):
    html = client.get("/search/", {"q": "DARPA"}).content.decode()
    first = html.index('href="/agencies/darpa/"')
    assert "exact match" in html[first : first + 600]
    assert "matched in: acronym" in html[first : first + 600]


def test_aliases_find_their_technology(client, seed_data):
    from cooperation.models import Technology

    tech = Technology.objects.exclude(aliases=[]).get(slug="hypersonics")
    alias = tech.aliases[0]
    assert "hypersonics" in result_slugs(search_json(client, q=alias))[:3]


def test_name_matches_rank_above_full_text(client, seed_data):
    results = search_json(client, q="hypersonic").json()["results"]
    assert results[0]["type"] == "technology"
    assert "ypersonic" in results[0]["name"]


def test_all_words_must_match(client, seed_data):
    both = all_slugs(client, "hypersonic missiles")
    assert both and both < all_slugs(client, "hypersonic")
    assert both <= all_slugs(client, "missiles")


def test_phrase_or_and_exclusion(client, seed_data):
    phrase = result_slugs(search_json(client, q='"supply arrangement"'))
    assert "security-of-supply-arrangement" in phrase
    either = all_slugs(client, "drones OR quantum")
    assert either == all_slugs(client, "drones") | all_slugs(client, "quantum")
    excluded = all_slugs(client, "hypersonic -missiles")
    assert "hypersonic-missiles" not in excluded
    assert excluded < all_slugs(client, "hypersonic")


def test_snippet_marks_the_terms_and_says_where_it_matched(client, seed_data):
    html = client.get("/search/", {"q": "hypersonic"}).content.decode()
    assert "<mark>" in html
    assert "matched in: name" in html


def test_type_facet_counts_and_filter(client, seed_data):
    data = search_json(client, q="defense").json()
    facets = data["facets"]["type"]
    assert facets["agency"] > 0
    filtered = search_json(client, q="defense", type="agency").json()
    assert filtered["count"] == facets["agency"]
    assert {r["type"] for r in filtered["results"]} == {"agency"}
    html = client.get("/search/", {"q": "defense", "type": "agency"}).content.decode()
    assert 'href="?q=defense&amp;type=agency" aria-current="true"' in html


def test_technology_filter_includes_sub_areas(client, seed_data):
    data = search_json(client, q="hypersonic", technology="aerospace-and-hypersonics").json()
    slugs = {r["slug"] for r in data["results"]}
    assert {"hypersonics", "hypersonic-missiles"} <= slugs
    quantum = search_json(client, q="hypersonic", technology="quantum-technology").json()
    assert "hypersonics" not in {r["slug"] for r in quantum["results"]}


def test_pagination_pages_through_every_result(client, seed_data):
    first = search_json(client, q="japan").json()
    assert first["count"] > 20 and first["previous"] is None
    assert "page=2" in first["next"]
    second = search_json(client, q="japan", page=2).json()
    assert "page=1" in second["previous"]
    slugs = [r["slug"] for r in first["results"] + second["results"]]
    assert len(slugs) == len(set(slugs))
    html = client.get("/search/", {"q": "japan"}).content.decode()
    assert 'rel="next"' in html and "Page 1 of" in html


def test_bad_page_is_400_no_such_page_404_and_bad_filters_400_naming_the_parameter(
    client, seed_data
):
    # As on the list pages: a page that is not a number is a 400 naming `page`...
    for page in ("abc", "zero", "-1", "1.5", "²", "１"):
        response = client.get("/search/", {"q": "japan", "page": page})
        assert response.status_code == 400
        assert "<code>page</code>: Enter a page number" in response.content.decode()
    data = client.get("/search/", {"q": "japan", "page": "abc", "format": "json"}).json()
    assert data == {"errors": {"page": "Enter a page number (a whole number, 1 or more)."}}
    # ...and a page that does not exist is a 404, however large the number.
    for page in ("0", "999", "99999999999999999999999", "9" * 5000):
        assert client.get("/search/", {"q": "japan", "page": page}).status_code == 404
    data = client.get("/search/", {"q": "japan", "page": "999", "format": "json"})
    assert data.status_code == 404
    assert data.json() == {"errors": {"page": "There is no page 999 of these results."}}
    assert client.get("/search/", {"q": "japan", "page": "002"}).status_code == 200
    response = client.get("/search/", {"q": "japan", "type": "planet"})
    assert response.status_code == 400
    assert "type" in response.content.decode()
    response = client.get("/search/", {"q": "japan", "technology": "nope", "format": "json"})
    assert response.status_code == 400
    assert "technology" in response.json()["errors"]


def test_did_you_mean_with_its_result_count(client, seed_data):
    data = search_json(client, q="hypersonc").json()
    assert data["count"] == 0
    assert data["suggestion"] == "hypersonic"
    corrected = search_json(client, q="hypersonic").json()["count"]
    html = client.get("/search/", {"q": "hypersonc"}).content.decode()
    assert 'Did you mean <a href="?q=hypersonic">hypersonic</a>?' in html
    assert f"({corrected} results)" in html


def test_did_you_mean_keeps_the_rest_of_the_query(client, seed_data):
    data = search_json(client, q='"japan" semiconductr').json()
    assert data["suggestion"] == "japan semiconductor"


def test_long_queries_are_cut_and_the_page_says_so(client, seed_data):
    response = client.get("/search/", {"q": "hypersonic " * 100})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"only its first {MAX_QUERY_LENGTH} characters were searched" in html
    assert "hypersonics" in html


def test_nothing_found_suggests_what_to_try(client, seed_data):
    html = client.get("/search/", {"q": "zzzqqqxxx"}).content.decode()
    assert "0 results" in html and "Check the spelling" in html
    html = client.get("/search/", {"q": "-japan"}).content.decode()
    assert "nothing to search for" in html


def test_empty_query_invites_a_search(client, seed_data):
    html = client.get("/search/").content.decode()
    assert "Type a word, a name or an acronym" in html
    assert 'src="/static/js/search.js"' in html
    assert '<link rel="stylesheet" href="/static/css/search.css">' in html


def test_typeahead_by_prefix_of_names_acronyms_and_aliases(client, seed_data):
    data = client.get("/search/suggest/", {"q": "hyper"}).json()
    names = [r["name"] for r in data["results"]]
    assert names[0] == "Hypersonics"
    # Issue 15: both names, and the label and type in the page's language.
    keys = {"name", "name_ja", "label", "type", "type_label", "slug", "url"}
    assert all(set(r) == keys for r in data["results"])
    darpa = client.get("/search/suggest/", {"q": "DARP"}).json()["results"]
    assert darpa[0]["url"] == "/agencies/darpa/"
    # A later word of a name also starts a match.
    supply = client.get("/search/suggest/", {"q": "supply arr"}).json()["results"]
    assert "security-of-supply-arrangement" in [r["slug"] for r in supply]
    assert client.get("/search/suggest/", {"q": ""}).json() == {"results": []}


def test_header_search_form_points_at_search(client, seed_data):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html


def test_a_query_of_common_words_says_what_to_do(client, seed_data):
    # PostgreSQL does not index "the" or "of": neither database searches them.
    data = search_json(client, q="of the").json()
    assert data["count"] == 0 and data["results"] == []
    html = client.get("/search/", {"q": "of the"}).content.decode()
    assert "has only very common words (of, the), which are not searched" in html
    assert '<a href="?q=hypersonic">hypersonic</a>' in html


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("hypersonc", "hypersonic"),
        ("semiconductr", "semiconductor"),
        ("quantm", "quantum"),
        # Written as the user wrote the word.
        ("Mitsubshi", "Mitsubishi"),
        ("DAPRA", "DARPA"),
        # Swapped letters share too few trigrams with the word meant.
        ("dapra", "darpa"),
        ("jhcl", "jhlc"),
        ("kishdia", "kishida"),
    ],
)
def test_did_you_mean_corrects_common_typos(client, seed_data, typo, meant):
    data = search_json(client, q=typo).json()
    assert data["count"] == 0 and data["suggestion"] == meant
    count = search_json(client, q=meant).json()["count"]
    assert count > 0
    html = client.get("/search/", {"q": typo}).content.decode()
    assert f'Did you mean <a href="?q={meant}">{meant}</a>? ({count} result' in html


def test_when_nothing_has_every_word_any_of_the_words_is_offered(client, seed_data):
    count = search_json(client, q="hypersonic OR zqxwv").json()["count"]
    assert count > 0
    html = client.get("/search/", {"q": "hypersonic zqxwv"}).content.decode()
    assert "Nothing matches all of “hypersonic zqxwv”" in html
    assert (
        'Search for any of the words: <a href="?q=hypersonic+OR+zqxwv">hypersonic OR zqxwv</a>'
        f" ({count} results)"
    ) in html


def test_snippets_of_real_text_escape_ampersands_then_mark_the_terms(client, seed_data):
    html = client.get("/search/", {"q": "RDT&E"}).content.decode()
    # (SQLite marks the phrase, PostgreSQL each of its words.)
    assert re.search(r"<mark>RDT(</mark>)?&amp;(<mark>)?E</mark>", html)
    # A short summary is shown whole, from its first word, on both databases.
    assert (
        '<p class="snippet">An earlier U.S.–Japan agreement on research, development, test '
        "and evaluation (<mark>RDT"
    ) in html
    assert "RDT&E" not in html  # nowhere unescaped: not in the snippet, title or box


def test_matched_in_names_the_alias(client, seed_data):
    html = client.get("/search/", {"q": "UAV"}).content.decode()
    first = html.index('href="/technologies/drones/"')
    assert "matched in: aliases" in html[first : first + 400]


def test_typeahead_offers_names_that_start_with_the_text_first(client, seed_data):
    names = [r["name"] for r in client.get("/search/suggest/", {"q": "jap"}).json()["results"]]
    assert names[0].startswith("Japan")
    exact = client.get("/search/suggest/", {"q": "japan"}).json()["results"]
    assert exact[0]["slug"] == "government-of-japan"  # its alias is exactly "Japan"
