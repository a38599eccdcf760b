"""What people see on /search/ and its JSON twin, on the real fixtures."""

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
    assert set(data["results"][0]) == {"type", "slug", "name", "url", "snippet"}
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


def test_bad_page_is_404_and_bad_filters_are_400_naming_the_parameter(client, seed_data):
    assert client.get("/search/", {"q": "japan", "page": "999"}).status_code == 404
    assert client.get("/search/", {"q": "japan", "page": "zero"}).status_code == 404
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
    assert all(set(r) == {"name", "type", "slug", "url"} for r in data["results"])
    darpa = client.get("/search/suggest/", {"q": "DARP"}).json()["results"]
    assert darpa[0]["url"] == "/agencies/darpa/"
    # A later word of a name also starts a match.
    supply = client.get("/search/suggest/", {"q": "supply arr"}).json()["results"]
    assert "security-of-supply-arrangement" in [r["slug"] for r in supply]
    assert client.get("/search/suggest/", {"q": ""}).json() == {"results": []}


def test_header_search_form_points_at_search(client, seed_data):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html
