import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from ..pg import archive_tables, pg_env, pg_settings, run_tool


class Command(BaseCommand):
    help = (
        "Back the PostgreSQL database up with pg_dump into one custom-format archive "
        "(schema and data, every table), then read the archive back to check it. "
        "Restore it with `manage.py restore FILE --yes`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: backups/cooperation-<UTC time>.dump).",
        )

    def handle(self, *args, output: Path | None, **options):
        db = pg_settings()
        env = pg_env(db)
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = Path("backups") / f"cooperation-{stamp}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Dumping {db['NAME']} to {output}…")
        run_tool(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", f"--file={output}"],
            env,
        )
        tables = archive_tables(str(output), env)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {db['NAME']}: {len(tables)} tables, "
                f"{output.stat().st_size:,} bytes in {output}."
            )
        )
