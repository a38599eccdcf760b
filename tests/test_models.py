"""The database itself refuses inconsistent data, whatever code path writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Source.objects.create(
        slug="article", title="An article", text="DARPA funds research. Japan agrees."
    )


def test_a_date_must_agree_with_its_precision_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            slug="e",
            name="E",
            kind="summit",
            date=datetime.date(2023, 1, 13),
            date_precision="month",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            slug="a",
            name="A",
            kind="mou",
            signed_on=datetime.date(1988, 6, 1),
            signed_on_precision="year",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(slug="e2", name="E", kind="summit", date=None, date_precision="day")
    Event.objects.create(
        slug="ok", name="E", kind="summit", date=datetime.date(2023, 1, 1), date_precision="month"
    )


def test_a_date_disagreeing_with_its_precision_is_a_form_error_on_the_field():
    event = Event(
        slug="e", name="E", kind="summit", date=datetime.date(2023, 1, 13), date_precision="year"
    )
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "date" in excinfo.value.message_dict


def test_dates_are_shown_at_their_precision():
    day = datetime.date(2023, 1, 13)
    assert Event(date=day, date_precision="day").date_display == "13 January 2023"
    assert Event(date=day.replace(day=1), date_precision="month").date_display == "January 2023"
    assert (
        Agreement(signed_on=datetime.date(1988, 1, 1), signed_on_precision="year").signed_on_display
        == "1988"
    )


def test_a_date_without_a_precision_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(
            slug="s", title="S", text="T", published_on=datetime.date(2023, 1, 18)
        )


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Technology, {"name": "Quantum"}),
        (Agency, {"name": "DARPA", "kind": "agency"}),
        (Agreement, {"name": "MOU", "kind": "mou"}),
        (Event, {"name": "Summit", "kind": "summit"}),
        (Source, {"title": "Article", "text": "Text."}),
    ],
)
def test_slugs_are_unique(model, fields):
    model.objects.create(slug="taken", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(slug="taken", **fields)


def test_an_agency_cannot_be_its_own_parent():
    agency = Agency.objects.create(slug="dod", name="DoD", kind="department")
    agency.parent = agency
    with pytest.raises(ValidationError):
        agency.full_clean()
    with pytest.raises(ValidationError), transaction.atomic():
        agency.save()


@pytest.mark.parametrize(
    ("model", "fields"),
    [(Agency, {"name": "DoD", "kind": "department"}), (Technology, {"name": "AI"})],
)
def test_the_database_refuses_a_self_parent_even_without_save(model, fields):
    # queryset.update() skips save() and clean(): the check constraint is the last guard.
    entry = model.objects.create(slug="self", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=entry.pk).update(parent=entry)
    entry.refresh_from_db()
    assert entry.parent is None


def test_an_agency_cannot_be_its_own_ancestor():
    dod = Agency.objects.create(slug="dod", name="DoD", kind="department")
    darpa = Agency.objects.create(slug="darpa", name="DARPA", kind="agency", parent=dod)
    dod.parent = darpa
    with pytest.raises(ValidationError) as excinfo:
        dod.full_clean()
    assert "parent" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        dod.save()
    dod.refresh_from_db()
    assert dod.parent is None


def test_a_technology_cannot_be_its_own_ancestor():
    top = Technology.objects.create(slug="autonomy", name="Autonomy")
    middle = Technology.objects.create(slug="drones", name="Drones", parent=top)
    bottom = Technology.objects.create(slug="swarms", name="Swarms", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as excinfo:
        top.full_clean()
    assert "parent" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        top.save()
    top.refresh_from_db()
    assert top.parent is None
    assert bottom.ancestors == [middle, top]


def test_a_citation_supports_exactly_one_entry(source):
    agency = Agency.objects.create(slug="darpa", name="DARPA", kind="agency")
    tech = Technology.objects.create(slug="ai", name="AI")
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(
            source=source, agency=agency, technology=tech, quote="DARPA funds research."
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source, quote="DARPA funds research.")


def test_a_quote_must_be_verbatim_in_its_source(source):
    agency = Agency.objects.create(slug="darpa", name="DARPA", kind="agency")
    citation = Citation(source=source, agency=agency, quote="DARPA funds research and more.")
    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()
    assert "quote" in excinfo.value.message_dict
    Citation(source=source, agency=agency, quote="DARPA funds research.").full_clean()


def test_the_same_quote_cites_an_entry_once(source):
    agency = Agency.objects.create(slug="darpa", name="DARPA", kind="agency")
    Citation.objects.create(source=source, agency=agency, quote="DARPA funds research.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source, agency=agency, quote="DARPA funds research.")


def test_new_entries_start_as_drafts_and_only_published_ones_are_public():
    draft = Agency.objects.create(slug="draft", name="Draft", kind="agency")
    published = Agency.objects.create(
        slug="pub", name="Published", kind="agency", publication_status="published"
    )
    assert draft.publication_status == "draft"
    assert list(Agency.objects.published()) == [published]


def test_natural_keys_are_slugs(source):
    agency = Agency.objects.create(slug="darpa", name="DARPA", kind="agency")
    assert Agency.objects.get_by_natural_key("darpa") == agency
    citation = Citation.objects.create(source=source, agency=agency, quote="DARPA funds research.")
    assert Citation.objects.get_by_natural_key(*citation.natural_key()) == citation
    assert agency.get_absolute_url() == "/agencies/darpa/"
