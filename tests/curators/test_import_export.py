"""A curator's admin edit survives re-loading the fixtures and travels through export/load."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision

from cooperation.fixture_io import FIXTURE_LAYOUT
from cooperation.models import Agency, Agreement, Citation, Event, Reference, Source, Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db, load_seed):
    """The record as a first load leaves it (its rows, tests/conftest.py): the loads
    these tests make are the later ones, over a curator's edits."""
    load_seed()


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
    Reference.objects.all().delete()  # issue 14: references, which may name a source
    Source.objects.all().delete()
    # A fresh database has no history either (which would say these were deleted here).
    Revision.objects.all().delete()


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


def test_a_renamed_entry_is_not_loaded_twice(loaded, curator_client, form_data, capsys):
    darpa = Agency.objects.get(acronym="DARPA")
    old_slug = darpa.slug
    edit_in_admin(curator_client, form_data, darpa, slug="darpa-usa")
    citations = darpa.citations.count()

    call_command("load_fixtures")
    out = capsys.readouterr().out
    assert "0 created" in out
    assert f"kept local edits of cooperation.agency '{old_slug}' (slug)" in out
    assert Agency.objects.filter(acronym="DARPA").count() == 1
    assert Agency.objects.get(pk=darpa.pk).citations.count() == citations

    call_command("load_fixtures", "--update")
    assert f"overwrote cooperation.agency '{old_slug}' (slug)" in capsys.readouterr().out
    assert Agency.objects.get(pk=darpa.pk).slug == old_slug


def test_an_entry_deleted_by_a_curator_stays_deleted(loaded, curator_client, capsys):
    sony = Agency.objects.get(slug="sony")
    quotes = list(sony.citations.values_list("quote", flat=True))
    events = list(sony.events.values_list("slug", flat=True))
    assert quotes and events  # cited, and a participant in an event
    response = curator_client.post(
        reverse("admin:cooperation_agency_delete", args=[sony.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    citations = Citation.objects.count()

    call_command("load_fixtures")
    out = capsys.readouterr().out
    assert "0 created" in out and "2 kept deleted" in out
    assert "kept deleted: cooperation.agency 'sony' (use --update to re-create)" in out
    assert not Agency.objects.filter(slug="sony").exists()
    assert Citation.objects.count() == citations

    call_command("load_fixtures", "--update")
    out = capsys.readouterr().out
    assert "overwrote cooperation.agency 'sony' (deleted here; re-created)" in out
    sony = Agency.objects.get(slug="sony")
    assert sorted(sony.citations.values_list("quote", flat=True)) == sorted(quotes)
    assert sorted(sony.events.values_list("slug", flat=True)) == sorted(events)


def test_a_citation_edited_or_deleted_by_a_curator_is_not_loaded_again(
    loaded, curator_client, form_data, capsys
):
    darpa = Agency.objects.get(acronym="DARPA")
    quotes = darpa.citations.filter(source__isnull=False)  # its claims are not in play here
    edited, deleted = quotes.order_by("pk")[:2]
    url = reverse("admin:cooperation_agency_change", args=[darpa.pk])
    page = curator_client.get(url)
    forms = page.context["inline_admin_formsets"][0].formset.forms
    index = {form.instance.pk: n for n, form in enumerate(forms)}
    shorter = edited.quote[: edited.quote.index(" ", 30)]
    response = curator_client.post(
        url,
        form_data(
            page,
            **{
                f"citations-{index[edited.pk]}-quote": shorter,
                f"citations-{index[deleted.pk]}-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302

    call_command("load_fixtures")
    out = capsys.readouterr().out
    assert "0 created" in out
    assert f"kept local edits of cooperation.citation '{edited.quote[:50]}'" in out
    assert f"kept deleted: cooperation.citation '{deleted.quote[:50]}'" in out
    assert list(quotes.values_list("quote", flat=True)) == [shorter]

    call_command("load_fixtures", "--update")
    out = capsys.readouterr().out
    assert f"overwrote cooperation.citation '{edited.quote[:50]}' (quote)" in out
    assert (
        f"overwrote cooperation.citation '{deleted.quote[:50]}' (deleted here; re-created)" in out
    )
    assert sorted(quotes.values_list("quote", flat=True)) == sorted([edited.quote, deleted.quote])


def test_a_reload_lists_what_it_added(loaded, tmp_path, capsys):
    paths, records_before = [], 0
    for name, _ in FIXTURE_LAYOUT:
        path = tmp_path / name
        path.write_text((Path(settings.FIXTURES_DIR) / name).read_text(encoding="utf-8"))
        paths.append(path)
        records_before += len(json.loads(path.read_text(encoding="utf-8")))
    records = json.loads(paths[1].read_text(encoding="utf-8"))
    records.insert(
        0, {"model": "cooperation.technology", "fields": {"slug": "photonics", "name": "Photonics"}}
    )
    paths[1].write_text(json.dumps(records), encoding="utf-8")

    call_command("load_fixtures", *paths)
    out = capsys.readouterr().out
    assert f"1 created, {records_before} unchanged" in out
    assert "  created cooperation.technology 'photonics'" in out
