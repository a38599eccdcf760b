"""Backup and restore on the real PostgreSQL: what a curator saved comes back."""

import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cooperation.models import Agreement, Citation, PublicationStatus, Source

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backups use pg_dump; run with DATABASE_URL"
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_what_was_lost(tmp_path, capsys):
    source = Source.objects.create(
        slug="backup-source", title="Backup source", text="A curated sentence to keep."
    )
    agreement = Agreement.objects.create(
        slug="backup-agreement",
        name="Agreement saved before the backup",
        kind="mou",
        publication_status=PublicationStatus.PUBLISHED,
    )
    Citation.objects.create(source=source, agreement=agreement, quote="A curated sentence")
    archive = tmp_path / "kb.dump"

    call_command("backup", output=archive)
    assert archive.stat().st_size > 0
    assert "Backed up" in capsys.readouterr().out

    # Disaster: the rows are deleted, and something is added after the backup.
    Citation.objects.all().delete()
    Agreement.objects.all().delete()
    Agreement.objects.create(slug="after-backup", name="Added later", kind="mou")

    call_command("restore", str(archive), dry_run=True)
    assert "cooperation_agreement" in capsys.readouterr().out
    assert not Agreement.objects.filter(slug="backup-agreement").exists()  # dry run wrote nothing

    with pytest.raises(CommandError, match="pass --yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), yes=True)
    restored = Agreement.objects.get(slug="backup-agreement")
    assert restored.name == "Agreement saved before the backup"
    assert restored.citations.get().quote == "A curated sentence"
    assert not Agreement.objects.filter(slug="after-backup").exists()
    # The schema came back whole: migrations still apply cleanly on top.
    call_command("migrate", check=True, verbosity=0)


@needs_postgresql
@pytest.mark.django_db
def test_restore_refuses_a_missing_or_broken_archive(tmp_path):
    with pytest.raises(CommandError, match="No such backup archive"):
        call_command("restore", str(tmp_path / "nothing.dump"), yes=True)
    junk = tmp_path / "junk.dump"
    junk.write_text("not an archive")
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore", str(junk), yes=True)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite message only")
@pytest.mark.django_db
def test_backup_on_sqlite_says_what_to_do_instead(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", output=tmp_path / "x.dump")


# Here, not beside the readers' tests: a module whose other tests hold the seed data in an
# open transaction cannot flush the database after a transactional test (PostgreSQL refuses
# to TRUNCATE under pending deferred checks).
@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_backup_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("backup")
    folder = tmp_path / "backups"
    (archive,) = folder.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    nested = tmp_path / "new" / "place" / "kb.dump"
    call_command("backup", output=nested)
    assert stat.S_IMODE(nested.stat().st_mode) == 0o600
    assert stat.S_IMODE(nested.parent.stat().st_mode) == 0o700
