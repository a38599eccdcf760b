"""Hypothesis over every public route's query parameters and path segments.

Whatever a visitor types into the address bar, the answer is never a 5xx and
never shows a traceback. Derandomized, so CI runs the same examples every time.
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation.filters import (
    AgencyFilter,
    AgreementFilter,
    EventFilter,
    SourceFilter,
    TechnologyFilter,
)
from cooperation.models import Agency, Agreement, Event, Source, Technology
from cooperation.views.pictures import TIMELINE_PARAMETERS
from cooperation.views.search import SearchForm

from .surfaces import Route, body, public_routes

# Examples per route. `make test` runs 25 of each (the whole suite must fit CI's
# half hour); `FUZZ_EXAMPLES=2000 make test` or `make fuzz` digs deeper.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FILTERSETS = (AgreementFilter, AgencyFilter, TechnologyFilter, EventFilter, SourceFilter)
# The names the pages really read (so examples reach validation and the queries
# behind it, not only "unknown parameter" paths), plus decoys and random names.
PARAM_NAMES = sorted(
    {name for filterset in FILTERSETS for name in filterset.base_filters}
    | set(SearchForm.base_fields)
    | set(TIMELINE_PARAMETERS)
    | {"format", "page", "per_page", "order", "from", "to", "type", "parent", "source"}
)
TRICKY = [
    "",
    "0",
    "-1",
    "1e309",
    "nan",
    "99999999999999999999999",
    "2024-13-45",
    "0000-00-00",
    "json",
    "csv",
    "html",
    "xml",
    "' OR 1=1 --",
    '"',
    "<script>",
    "%00",
    "\x00",
    "../../etc/passwd",
    "a" * 2000,
    "true",
    "null",
    "[]",
    "日本",
    "\u202e",
    "*",
    "&",
    ":",
    "-",
    "!",
    "OR",
    '"unclosed',
]
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


def query(valid: list[str]):
    """Up to four parameters; values mix valid ones (slugs, choices, years) with junk."""
    value = st.one_of(st.sampled_from(valid), st.sampled_from(TRICKY), text, st.integers().map(str))
    return st.lists(st.tuples(st.one_of(st.sampled_from(PARAM_NAMES), text), value), max_size=4)


ROUTES = public_routes()


def assert_sane(client, path: str, params: list[tuple[str, str]]) -> None:
    data: dict[str, list[str]] = {}
    for key, val in params:
        data.setdefault(key, []).append(val)
    response = client.get(path, data)
    text = body(response)
    assert response.status_code < 500, (path, params, response.status_code)
    assert "Traceback" not in text and 'File "/' not in text, (path, params)


@pytest.fixture(scope="module")
def slugs(seed_data):
    return [
        obj.slug
        for model in (Agreement, Agency, Technology, Event, Source)
        for obj in model.objects.published()[:3]
    ]


@pytest.fixture(scope="module")
def valid_values(seed_data, slugs):
    """Values some page accepts: slugs, every static choice of the FilterSets, years."""
    values = {*slugs, "json", "csv", "1", "2", "2015", "1990"}
    for filterset in FILTERSETS:
        for f in filterset.base_filters.values():
            choices = f.extra.get("choices")
            if isinstance(choices, list | tuple):
                values.update(str(key) for key, _ in choices)
    values.update(key for key, _ in SearchForm.base_fields["type"].choices)
    return sorted(values)


def test_the_fuzzed_names_are_the_ones_the_pages_read():
    # Guards the guard: the filters a visitor can reach are all in the mix.
    for name in ("q", "page", "format", "sort", "technology", "agency", "country", "kind"):
        assert name in PARAM_NAMES
    assert {"binding", "status", "year_from", "year_to", "publisher", "type"} <= set(PARAM_NAMES)


def test_every_public_route_is_fuzzed():
    names = {route.name.split(":")[1] for route in ROUTES}
    lists = {f"{kind}-list" for kind in ("agreement", "agency", "technology", "event", "source")}
    details = {name.replace("-list", "-detail") for name in lists}
    feeds = {"feed", "agreement-feed", "event-feed"}
    pages = {"home", "search", "search-suggest", "timeline", "matrix", "coverage"}
    assert lists | details | feeds | pages | {"sitemap", "robots-txt", "healthz"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_query_parameters_never_break_a_page(client, route: Route, slugs, valid_values):
    segments = st.fixed_dictionaries(
        {key: st.one_of(st.sampled_from(slugs), text) for key, _ in route.params}
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(path_values=segments, params=query(valid_values))
    def run(path_values, params):
        tried.append(params)
        assert_sane(client, route.fill(path_values), params)

    tried: list = []
    run()
    assert len(tried) >= EXAMPLES  # Hypothesis did not stop early
