"""load_fixtures is idempotent and all-or-nothing; export_fixtures writes back the same files.

Where a test needs the record already loaded, load_seed() writes back the rows of the
session's first real load (tests/conftest.py): the load under test is the next one.
"""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cooperation.fixture_io import FIXTURE_LAYOUT
from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db
MODELS = [Source, Technology, Agency, Agreement, Event, Citation]


def snapshot() -> dict:
    """Every row of every table, timestamps included."""
    return {
        model.__name__: sorted(
            (tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()),
        )
        for model in MODELS
    }


@pytest.fixture
def fixture_copy(tmp_path) -> Path:
    directory = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURES_DIR, directory)
    return directory


def edit_record(directory: Path, file_name: str, model: str, change) -> None:
    path = directory / file_name
    records = json.loads(path.read_text(encoding="utf-8"))
    # A citation to edit is a quoted one: a referenced citation holds no quote (issue 14).
    record = next(
        r
        for r in records
        if r["model"] == model and (model != "cooperation.citation" or r["fields"].get("source"))
    )
    change(record["fields"])
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")


def load(directory: Path, *args):
    paths = [directory / name for name, _ in FIXTURE_LAYOUT]
    call_command("load_fixtures", *paths, *args, verbosity=0)


def test_loading_twice_changes_nothing(load_seed):
    load_seed()
    first = snapshot()
    assert len(first["Source"]) == 5
    call_command("load_fixtures", verbosity=0)
    assert snapshot() == first


def test_second_load_reports_everything_unchanged(capsys, load_seed):
    load_seed()
    call_command("load_fixtures")
    out = capsys.readouterr().out.splitlines()[-1]
    assert out.startswith("0 created,") and "0 overwritten" in out


@pytest.mark.parametrize(
    ("file_name", "model", "change", "message"),
    [
        ("03_agencies.json", "cooperation.agency", lambda f: f.pop("kind"), "kind"),
        ("03_agencies.json", "cooperation.agency", lambda f: f.update(name=""), "name"),
        (
            "04_agreements.json",
            "cooperation.agreement",
            lambda f: f.update(parties=[["no-such-agency"]]),
            "no-such-agency",
        ),
        (
            "03_agencies.json",
            "cooperation.citation",
            lambda f: f.update(quote="A sentence no source contains."),
            "not found verbatim",
        ),
        (
            "05_events.json",
            "cooperation.event",
            lambda f: f.update(date="2023-01-15", date_precision="month"),
            "1st of that month",
        ),
        (
            "02_technologies.json",
            "cooperation.technology",
            lambda f: f.update(colour="red"),
            "colour",
        ),
        (
            "02_technologies.json",
            "cooperation.citation",
            lambda f: f.update(source=["no-such-source"]),
            "source: no source 'no-such-source'",
        ),
        (
            "05_events.json",
            "cooperation.citation",
            lambda f: f.update(event=["no-such-event"]),
            "event: no event 'no-such-event'",
        ),
    ],
    ids=[
        "missing-field",
        "empty-field",
        "unknown-reference",
        "bad-quote",
        "bad-date",
        "unknown-field",
        "unknown-cited-source",
        "unknown-cited-entry",
    ],
)
def test_a_malformed_record_is_named_and_nothing_is_written(
    fixture_copy, file_name, model, change, message
):
    edit_record(fixture_copy, file_name, model, change)
    with pytest.raises(CommandError) as excinfo:
        load(fixture_copy)
    assert file_name in str(excinfo.value)
    assert "record " in str(excinfo.value)
    assert message in str(excinfo.value)
    assert "Nothing was written" in str(excinfo.value)
    assert all(not rows for rows in snapshot().values())


def test_a_failed_load_leaves_an_existing_database_as_it_was(fixture_copy, load_seed):
    load_seed()
    before = snapshot()
    # An earlier file changes a record that --update overwrites before the later file fails:
    # that write must be rolled back too.
    edit_record(
        fixture_copy,
        "03_agencies.json",
        "cooperation.agency",
        lambda f: f.update(description="Overwritten, then rolled back."),
    )
    edit_record(
        fixture_copy, "05_events.json", "cooperation.citation", lambda f: f.update(quote="Nope.")
    )
    with pytest.raises(CommandError, match=r"05_events\.json"):
        load(fixture_copy, "--update")
    assert snapshot() == before


def test_a_parent_named_later_in_the_file_cannot_close_a_cycle(fixture_copy):
    # A child comes after its parent, so pointing the parent at its child is a forward
    # reference: the deserializer saves it past the model's own checks.
    path = fixture_copy / "02_technologies.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    entries = [r["fields"] for r in records if r["model"] == "cooperation.technology"]
    child = next(f for f in entries if f["parent"])
    parent = next(f for f in entries if f["slug"] == child["parent"][0])
    parent["parent"] = [child["slug"]]
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        load(fixture_copy)
    message = str(excinfo.value)
    assert f"02_technologies.json, record {entries.index(parent) + 1} " in message
    assert repr(parent["slug"]) in message
    assert "own parent or ancestor" in message
    assert all(not rows for rows in snapshot().values())


def test_an_extra_parent_that_closes_a_loop_is_refused(fixture_copy):
    # Issue 18: hypersonics "also under" its own sub-area. The extra parent comes later in
    # the file, so it is stored after the record, past full_clean(); it is checked there.
    path = fixture_copy / "02_technologies.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    entries = [r["fields"] for r in records if r["model"] == "cooperation.technology"]
    area = next(f for f in entries if f["slug"] == "hypersonics")
    area["also_under"] = [["hypersonic-defense"]]
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        load(fixture_copy)
    message = str(excinfo.value)
    assert f"02_technologies.json, record {entries.index(area) + 1} " in message
    assert "also_under: “Hypersonic defense” is filed below “Hypersonics”" in message
    assert all(not rows for rows in snapshot().values())


def test_invalid_json_is_reported_with_its_file(fixture_copy):
    (fixture_copy / "02_technologies.json").write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"02_technologies\.json: not valid JSON"):
        load(fixture_copy)


def test_a_curators_edit_survives_a_plain_reload_and_update_overwrites_it(capsys, load_seed):
    load_seed()
    agency = Agency.objects.get(acronym="DARPA")
    agency.description = "Edited by a curator."
    agency.save()

    call_command("load_fixtures")
    assert "kept local edits" in capsys.readouterr().out
    agency.refresh_from_db()
    assert agency.description == "Edited by a curator."

    call_command("load_fixtures", "--update")
    out = capsys.readouterr().out
    assert f"overwrote cooperation.agency '{agency.slug}' (description)" in out
    agency.refresh_from_db()
    assert agency.description != "Edited by a curator."


def test_dry_run_writes_nothing(capsys):
    call_command("load_fixtures", "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert Source.objects.count() == 0


def test_export_reproduces_the_fixture_files_byte_for_byte(tmp_path, load_seed):
    load_seed()
    call_command("export_fixtures", directory=tmp_path, verbosity=0)
    for name, _ in FIXTURE_LAYOUT:
        exported = (tmp_path / name).read_bytes()
        assert exported == (Path(settings.FIXTURES_DIR) / name).read_bytes(), name
