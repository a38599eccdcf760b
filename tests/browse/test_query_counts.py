"""Every list and entity page costs the same small number of queries for 1 or 60 rows."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from . import factories as f

pytestmark = pytest.mark.django_db

MANY = 60
BOUND = 16  # lists: validation, count, page, prefetches, one or two queries per facet


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.content[:500])
    return len(ctx.captured_queries)


def _agreements(n: int) -> str:
    tech, agency = f.technology(), f.agency()
    for _ in range(n):
        a = f.agreement()
        a.technologies.add(tech)
        a.parties.add(agency, f.agency(country="JP"))
        a.events.add(f.event())
        f.cite(a)
    return tech.slug


def _events(n: int) -> str:
    tech = f.technology()
    for _ in range(n):
        e = f.event()
        e.technologies.add(tech)
        e.participants.add(f.agency())
        e.agreements.add(f.agreement())
        f.cite(e)
    return tech.slug


def _agencies(n: int) -> str:
    tech = f.technology()
    parent = f.agency()
    for _ in range(n):
        a = f.agency(parent=parent)
        agreement = f.agreement()
        agreement.parties.add(a)
        agreement.technologies.add(tech)
        f.cite(a)
    return tech.slug


def _technologies(n: int) -> str:
    parent = f.technology()
    for _ in range(n):
        t = f.technology(parent=parent)
        f.agreement().technologies.add(t)
        f.cite(t)
    return parent.slug


def _sources(n: int) -> str:
    for _ in range(n):
        f.source()
    return ""


LIST_CASES = {
    "/agreements/": _agreements,
    "/events/": _events,
    "/agencies/": _agencies,
    "/technologies/": _technologies,
    "/sources/": _sources,
}


@pytest.mark.parametrize("path", list(LIST_CASES))
@pytest.mark.parametrize("fmt", ["", "format=json", "format=csv"])
def test_list_query_count_does_not_grow(client, path, fmt):
    build = LIST_CASES[path]
    tech = build(1)
    suffix = f"?{fmt}" if fmt else ""
    one = queries_for(client, path + suffix)
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        build(MANY)
    many = queries_for(client, path + suffix)
    assert many == one <= BOUND
    # And with a technology filter and a sort applied.
    if tech and path != "/technologies/":
        filtered = f"{path}?technology={tech}&{fmt}"
        assert queries_for(client, filtered) <= BOUND


def _agreement_page(n: int) -> str:
    a = _get_or("Agreement", "the-agreement", f.agreement)
    for _ in range(n):
        a.parties.add(f.agency())
        a.technologies.add(f.technology())
        a.events.add(f.event())
        a.builds_on.add(f.agreement())
        f.cite(a)
    return "/agreements/the-agreement/"


def _get_or(model_name: str, slug: str, build):
    from cooperation import models

    model = getattr(models, model_name)
    return model.objects.filter(slug=slug).first() or build(slug=slug)


def _agency_page(n: int) -> str:
    agency = _get_or("Agency", "the-agency", f.agency)
    for _ in range(n):
        f.agreement().parties.add(agency)
        f.event().participants.add(agency)
        f.agency(parent=agency)
        f.cite(agency)
    return "/agencies/the-agency/"


def _technology_page(n: int) -> str:
    tech = _get_or("Technology", "the-area", f.technology)
    for _ in range(n):
        sub = f.technology(parent=tech)
        agreement = f.agreement()
        agreement.technologies.add(sub)
        agreement.parties.add(f.agency())
        event = f.event()
        event.technologies.add(tech)
        event.participants.add(f.agency())
        f.cite(tech)
    return "/technologies/the-area/"


def _event_page(n: int) -> str:
    event = _get_or("Event", "the-event", f.event)
    for _ in range(n):
        event.participants.add(f.agency())
        event.technologies.add(f.technology())
        event.agreements.add(f.agreement())
        f.cite(event)
    return "/events/the-event/"


def _source_page(n: int) -> str:
    src = _get_or("Source", "the-source", f.source)
    for _ in range(n):
        f.cite(f.agreement(), src)
        f.cite(f.agency(), src)
        f.cite(f.technology(), src)
        f.cite(f.event(), src)
    return "/sources/the-source/"


ENTITY_CASES = [_agreement_page, _agency_page, _technology_page, _event_page, _source_page]
ENTITY_BOUND = 10
# The technology page also draws its graph (pictures area): the hierarchy, a column
# of agreements and of events, the agencies' links counted two ways, the agencies
# shown, and the links between what is shown (three).
TECHNOLOGY_GRAPH_QUERIES = 9


@pytest.mark.parametrize("build", ENTITY_CASES, ids=lambda b: b.__name__)
@pytest.mark.parametrize("fmt", ["", "?format=json"])
def test_entity_page_query_count_does_not_grow(client, build, fmt):
    url = build(1)
    one = queries_for(client, url + fmt)
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        build(MANY)
    many = queries_for(client, url + fmt)
    bound = ENTITY_BOUND + (TECHNOLOGY_GRAPH_QUERIES if build is _technology_page else 0)
    # More rows never cost a query more; the graph may skip a query for a column
    # that more rows have filled with agreements, leaving no room for events.
    assert many <= one <= bound, (one, many)


def test_home_query_count_does_not_grow(client):
    _technologies(1)
    one = queries_for(client, "/")
    with transaction.atomic():
        _technologies(MANY)
        _agreements(5)
    many = queries_for(client, "/")
    # Counts per type (5), latest additions (3), the area tree (2), the content versions
    # of the page and of its two kept values (3): the writes changed them, nothing is kept.
    assert many == one <= 13
