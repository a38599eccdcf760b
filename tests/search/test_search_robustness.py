"""Any text a user can type answers 200, on the page, its JSON twin and type-ahead."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NASTY = [
    '"unbalanced',
    "((( )) ) (",
    "& | ! : * ( ) ^ NEAR AND OR NOT -",
    "NEAR(a b) AND OR NOT",
    "a OR",
    "OR OR OR",
    "-",
    "--x",
    '-"',
    "\\\\ \\\" \\'",
    "nul\x00byte",
    "x" * 10_000,
    "🚀 hypersonic 🇯🇵",
    "日本の防衛装備庁",
    "{names}: x",
    "title:hypersonic body:*",
    "'; DROP TABLE cooperation_agency; --",
    "%_%",
    "\u202e\u200b\ufeff",
    "\ud7ff\ue000\x02\x03",
]
queries = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet='"()*^:-&|!\\ ORANDNEOTabc', max_size=40),
)
HYPOTHESIS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def clean(text: str) -> str:
    # A URL cannot carry lone surrogates; the browser would have encoded them away.
    return text.encode("utf-8", "replace").decode("utf-8")


def shows_results_or_what_to_try(html: str) -> bool:
    if '<ol class="results"' in html:
        return True
    empty = html[html.index('class="search-empty"') :] if 'class="search-empty"' in html else ""
    return any(
        hint in empty
        for hint in (
            "Check the spelling",
            "Try <a",
            "Try a word",
            "Type a word, a name or an acronym",
        )
    )


@pytest.mark.parametrize("q", NASTY)
def test_nasty_queries_answer_200_everywhere(client, seed_data, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert shows_results_or_what_to_try(response.content.decode())
    assert client.get("/search/", {"q": q, "format": "json"}).status_code == 200
    assert client.get("/search/suggest/", {"q": q}).status_code == 200


def test_ten_thousand_characters_are_cut_and_the_page_says_so(client, seed_data):
    long = "japan " + "x" * 10_000
    html = client.get("/search/", {"q": long}).content.decode()
    assert "only its first 200 characters were searched" in html
    # The boxes and every link carry the query as searched, not the 10,000 characters.
    assert 'value="japan xxx' in html and "x" * 300 not in html
    assert 'href="?q=japan+xxx' in html
    data = client.get("/search/", {"q": "japan OR " + "x" * 10_000, "format": "json"}).json()
    assert data["next"] and len(data["next"]) < 400


@HYPOTHESIS
@given(q=queries)
def test_search_page_never_fails(client, seed_data, q):
    response = client.get("/search/", {"q": clean(q)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-q"' in html
    assert shows_results_or_what_to_try(html)


@HYPOTHESIS
@given(q=queries)
def test_json_twin_never_fails(client, seed_data, q):
    response = client.get("/search/", {"q": clean(q), "format": "json"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] >= len(data["results"])


@HYPOTHESIS
@given(q=queries)
def test_typeahead_never_fails(client, seed_data, q):
    response = client.get("/search/suggest/", {"q": clean(q)})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
