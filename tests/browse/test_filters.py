"""The FilterSets of the five lists, on the real fixtures."""

import pytest
from django.http import QueryDict

from cooperation.filters import (
    AgencyFilter,
    AgreementFilter,
    EventFilter,
    SourceFilter,
    TechnologyFilter,
)
from cooperation.models import Agency, Agreement, Event, Source, Technology

pytestmark = pytest.mark.django_db


def run(filter_class, model, query: str):
    f = filter_class(QueryDict(query), queryset=model.objects.published())
    return f


def slugs(f) -> set[str]:
    assert f.is_valid(), f.errors
    return set(f.qs.values_list("slug", flat=True))


def test_technology_includes_sub_areas(seed_data):
    parent = Technology.objects.published().filter(children__isnull=False).first()
    child = parent.children.published().first()
    Agreement.objects.published().first().technologies.add(child)
    direct_child = set(child.agreements.published().values_list("slug", flat=True))
    found = slugs(run(AgreementFilter, Agreement, f"technology={parent.slug}"))
    assert direct_child <= found
    assert set(parent.agreements.published().values_list("slug", flat=True)) <= found


def test_technology_is_or_within(seed_data):
    a, b = Technology.objects.published().filter(agreements__isnull=False).distinct()[:2]
    one = slugs(run(AgreementFilter, Agreement, f"technology={a.slug}"))
    two = slugs(run(AgreementFilter, Agreement, f"technology={b.slug}"))
    both = slugs(run(AgreementFilter, Agreement, f"technology={a.slug}&technology={b.slug}"))
    assert both >= one | two


def test_filters_are_and_across(seed_data):
    kind = Agreement.objects.published().first().kind
    by_kind = slugs(run(AgreementFilter, Agreement, f"kind={kind}"))
    by_both = slugs(run(AgreementFilter, Agreement, f"kind={kind}&country=US"))
    assert by_both <= by_kind
    assert all(Agreement.objects.get(slug=s).kind == kind for s in by_both)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("technology=no-such-area", "technology"),
        ("agency=no-such-agency", "agency"),
        ("country=XX", "country"),
        ("kind=treaty", "kind"),
        ("status=sleeping", "status"),
        ("binding=maybe", "binding"),
        ("year_from=20x3", "year_from"),
        ("year_to=99999", "year_to"),
        ("sort=secret", "sort"),
    ],
)
def test_bad_agreement_values_are_errors_named_by_parameter(seed_data, query, parameter):
    f = run(AgreementFilter, Agreement, query)
    assert not f.is_valid()
    assert parameter in f.errors


def test_year_range_on_fuzzy_date(seed_data):
    found = slugs(run(AgreementFilter, Agreement, "year_from=2021&year_to=2021"))
    assert found
    for slug in found:
        assert Agreement.objects.get(slug=slug).signed_on.year == 2021


def test_binding_unknown_and_status_unknown(seed_data):
    found = slugs(run(AgreementFilter, Agreement, "binding=unknown&status=unknown"))
    for slug in found:
        a = Agreement.objects.get(slug=slug)
        assert a.legally_binding is None and a.status == ""


def test_event_filters(seed_data):
    event = Event.objects.published().exclude(participants=None).first()
    agency = event.participants.first()
    found = slugs(run(EventFilter, Event, f"agency={agency.slug}&kind={event.kind}"))
    assert event.slug in found
    assert not run(EventFilter, Event, "year_from=abc").is_valid()


def test_agency_filters(seed_data):
    found = slugs(run(AgencyFilter, Agency, "country=JP"))
    assert found and all(Agency.objects.get(slug=s).country == "JP" for s in found)
    tech = Technology.objects.published().filter(agreements__isnull=False).first()
    active = slugs(run(AgencyFilter, Agency, f"technology={tech.slug}"))
    parties = set(
        Agency.objects.published()
        .filter(agreements__technologies=tech, agreements__publication_status="published")
        .values_list("slug", flat=True)
    )
    assert parties <= active


def test_technology_and_source_filters(seed_data):
    assert "semiconductors" in slugs(run(TechnologyFilter, Technology, "q=semicon"))
    publisher = Source.objects.published().exclude(publisher="").first().publisher
    from urllib.parse import urlencode

    found = slugs(run(SourceFilter, Source, urlencode({"publisher": publisher})))
    assert found == set(
        Source.objects.published().filter(publisher=publisher).values_list("slug", flat=True)
    )
    f = run(SourceFilter, Source, "publisher=Nobody")
    assert not f.is_valid() and "publisher" in f.errors
