from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ..pg import archive_tables, pg_env, pg_settings, run_tool


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive into the PostgreSQL database, in one "
        "transaction: every table in the archive is dropped and recreated with the archived "
        "rows, so changes made since the backup are lost. Needs --yes; --dry-run only lists "
        "what the archive holds. Stop the web service first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Really replace the database's contents."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the archive and list it; write nothing."
        )

    def handle(self, *args, archive: Path, yes: bool, dry_run: bool, **options):
        db = pg_settings()
        env = pg_env(db)
        if not archive.is_file():
            raise CommandError(f"No such backup archive: {archive}")
        tables = archive_tables(str(archive), env)
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {archive} holds {len(tables)} tables:")
            for table in tables:
                self.stdout.write(f"  {table}")
            return
        if not yes:
            raise CommandError(
                f"Restoring replaces every table of {db['NAME']} with the archive's; "
                "pass --yes to do it (or --dry-run to look first)."
            )
        # Our own connection must not hold locks the DROP TABLEs wait for.
        connections["default"].close()
        self.stdout.write(f"Restoring {len(tables)} tables from {archive} into {db['NAME']}…")
        run_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={db['NAME']}",
                str(archive),
            ],
            env,
        )
        self.stdout.write(self.style.SUCCESS(f"Restored {db['NAME']} from {archive}."))
