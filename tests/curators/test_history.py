"""Every change is recorded (who, when, what) and an earlier version can be restored."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from cooperation.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        slug="darpa",
        name="Defense Advanced Research Projects Agency",
        acronym="DARPA",
        kind="agency",
        description="First words.",
    )


def edit(client, form_data, agency, **changes):
    url = reverse("admin:cooperation_agency_change", args=[agency.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_an_admin_edit_is_recorded_with_who_when_and_what(
    agency, curator, curator_client, form_data
):
    edit(curator_client, form_data, agency, description="Second words.")
    version = Version.objects.get_for_object(agency).first()
    assert version.revision.user == curator
    assert "Description" in version.revision.get_comment()
    assert version.field_dict["description"] == "Second words."

    html = curator_client.get(
        reverse("admin:cooperation_agency_history", args=[agency.pk])
    ).content.decode()
    assert curator.username in html
    assert "Changed Description." in html


def test_an_earlier_version_can_be_restored(agency, curator_client, form_data):
    edit(curator_client, form_data, agency, description="Second words.")
    edit(curator_client, form_data, agency, description="Third words.")
    first = Version.objects.get_for_object(agency).order_by("pk").first()
    assert first.field_dict["description"] == "Second words."

    url = reverse("admin:cooperation_agency_revision", args=[agency.pk, first.pk])
    response = curator_client.get(url)
    assert response.status_code == 200
    assert "Second words." in response.content.decode()
    agency.refresh_from_db()
    assert agency.description == "Third words."  # viewing changes nothing

    response = curator_client.post(url, form_data(response))
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.description == "Second words."
    latest = Version.objects.get_for_object(agency).first()
    assert "Reverted to previous version" in latest.revision.get_comment()


def test_publishing_is_recorded(agency, curator, curator_client):
    curator_client.post(reverse("admin:cooperation_agency_publish", args=[agency.pk]))
    version = Version.objects.get_for_object(agency).first()
    assert version.revision.user == curator
    assert version.field_dict["publication_status"] == "published"
    assert version.revision.get_comment() == "Published 1 agencies."


def test_a_fixture_load_is_recorded_as_one_revision(db):
    call_command("load_fixtures", verbosity=0)
    darpa = Agency.objects.get(acronym="DARPA")
    version = Version.objects.get_for_object(darpa).get()
    assert version.revision.get_comment().startswith("Loaded from fixtures")
    assert version.revision.user is None
    # One revision holds the whole load.
    assert Version.objects.exclude(revision=version.revision).count() == 0
    # Re-loading unchanged fixtures records nothing new.
    call_command("load_fixtures", verbosity=0)
    assert Version.objects.get_for_object(darpa).count() == 1
