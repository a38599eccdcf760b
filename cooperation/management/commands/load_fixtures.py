from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...fixture_io import FixtureError, default_fixture_paths, load_fixtures


class Command(BaseCommand):
    help = (
        "Load the curated fixtures (sources, technologies, agencies, agreements, events and "
        "their citations) in one transaction. Idempotent: unchanged records are left alone, new "
        "ones are added, and records a curator has edited, renamed or deleted are kept so "
        "unless --update is given (which reports each record it overwrote or re-created). "
        "A malformed record aborts the load, naming the file and the record; nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Fixture files, in load order (default: every file in fixtures/).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite records that differ from the fixtures, and report each one.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, then roll back."
        )

    def handle(self, *args, paths, update, dry_run, **options):
        paths = paths or default_fixture_paths(Path(settings.FIXTURES_DIR))
        if not paths:
            raise CommandError(f"No fixture files found in {settings.FIXTURES_DIR}")
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"No such fixture file: {', '.join(missing)}")
        try:
            report = load_fixtures(paths, update=update, dry_run=dry_run)
        except FixtureError as exc:
            raise CommandError(f"{exc}\nNothing was written.") from None

        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(report.created)} created, {report.unchanged} unchanged, "
                f"{len(report.overwritten)} overwritten, "
                f"{len(report.kept_local_edits)} kept with local edits, "
                f"{len(report.kept_deleted)} kept deleted "
                f"(from {len(paths)} files)."
            )
        )
        # What is new is listed too, except on a first load, where everything is.
        first_load = not (report.unchanged or report.kept_local_edits or report.kept_deleted)
        if options["verbosity"] >= 2 or not first_load:
            for label in report.created:
                self.stdout.write(f"  created {label}")
        for label in report.overwritten:
            self.stdout.write(f"  overwrote {label}")
        for label in report.kept_local_edits:
            self.stdout.write(f"  kept local edits of {label} (use --update to overwrite)")
        for label in report.kept_deleted:
            self.stdout.write(f"  kept deleted: {label} (use --update to re-create)")
