"""A curator's admin edit survives re-loading the fixtures and travels through export/load."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from cooperation.fixture_io import FIXTURE_LAYOUT
from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    call_command("load_fixtures", verbosity=0)


def edit_in_admin(client, form_data, agency, **changes) -> None:
    url = reverse("admin:cooperation_agency_change", args=[agency.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_load_then_export_reproduces_the_fixture_files_byte_for_byte(loaded, tmp_path):
    call_command("export_fixtures", directory=tmp_path, verbosity=0)
    for name, _ in FIXTURE_LAYOUT:
        assert (tmp_path / name).read_bytes() == (Path(settings.FIXTURES_DIR) / name).read_bytes()


def test_an_admin_edit_survives_a_plain_reload_and_update_reports_it(
    loaded, curator_client, form_data, capsys
):
    darpa = Agency.objects.get(acronym="DARPA")
    edit_in_admin(curator_client, form_data, darpa, description="Curated in the admin.")

    call_command("load_fixtures")
    out = capsys.readouterr().out
    assert f"kept local edits of cooperation.agency '{darpa.slug}' (description" in out
    assert Agency.objects.get(pk=darpa.pk).description == "Curated in the admin."

    call_command("load_fixtures", "--update")
    out = capsys.readouterr().out
    assert f"overwrote cooperation.agency '{darpa.slug}' (description" in out
    assert Agency.objects.get(pk=darpa.pk).description != "Curated in the admin."


def wipe() -> None:
    for model in (Citation, Event, Agreement):
        model.objects.all().delete()
    for model in (Agency, Technology):  # leaves first: parents are protected
        while model.objects.exists():
            model.objects.filter(children__isnull=True).delete()
    Source.objects.all().delete()


def test_an_admin_edit_is_exported_and_loaded_into_a_fresh_database(
    loaded, curator_client, form_data, tmp_path
):
    darpa = Agency.objects.get(acronym="DARPA")
    edit_in_admin(
        curator_client,
        form_data,
        darpa,
        description="Curated in the admin.",
        aliases="Defense Advanced Research Projects Agency\nDARPA\nthe agency",
    )
    call_command("export_fixtures", directory=tmp_path, verbosity=0)
    exported = (tmp_path / "03_agencies.json").read_text(encoding="utf-8")
    assert '"description": "Curated in the admin."' in exported

    wipe()
    assert not Agency.objects.exists()
    paths = [tmp_path / name for name, _ in FIXTURE_LAYOUT]
    call_command("load_fixtures", *paths, verbosity=0)
    reloaded = Agency.objects.get(slug=darpa.slug)
    assert reloaded.description == "Curated in the admin."
    assert "the agency" in reloaded.aliases
    assert reloaded.citations.exists()
    # Exporting the fresh database gives the same files again.
    again = tmp_path / "again"
    call_command("export_fixtures", directory=again, verbosity=0)
    for name, _ in FIXTURE_LAYOUT:
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes()
