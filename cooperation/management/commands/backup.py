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
        default_folder = output is None
        if output is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = Path("backups") / f"cooperation-{stamp}.dump"
        # The archive holds password hashes and session keys: only this user may
        # read it. A folder this command creates is this user's alone too.
        missing = [p for p in (output.parent, *output.parent.parents) if not p.exists()]
        output.parent.mkdir(parents=True, exist_ok=True)
        for folder in missing:
            folder.chmod(0o700)
        if default_folder:
            output.parent.chmod(0o700)  # ours, even if an older version made it 0755
        output.touch(mode=0o600)
        output.chmod(0o600)  # touch() leaves an existing file's mode, and obeys the umask
        self.stdout.write(f"Dumping {db['NAME']} to {output}…")
        run_tool(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", f"--file={output}"],
            env,
        )
        output.chmod(0o600)
        tables = archive_tables(str(output), env)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {db['NAME']}: {len(tables)} tables, "
                f"{output.stat().st_size:,} bytes in {output}."
            )
        )
