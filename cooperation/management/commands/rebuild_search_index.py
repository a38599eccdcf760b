"""Rebuild the search index from the published entities."""

import sys
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from ...search import rebuild

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Rebuild the whole search index (text, type-ahead names and the spelling "
        "vocabulary) from the published entities, in batches, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Build the index, report, then roll back."
        )

    def handle(self, *args, dry_run, **options):
        started = time.monotonic()
        interactive = getattr(self.stdout, "isatty", lambda: False)() and sys.stdout.isatty()

        last_tenth = {}

        def progress(kind: str, done: int, total: int) -> None:
            if options["verbosity"] < 1:
                return
            tenth = 10 * done // total if total else 10
            filled = BAR_WIDTH * done // total if total else BAR_WIDTH
            bar = f"{kind:<11} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}"
            if interactive:
                self.stdout.write(f"\r{bar}", ending="\n" if done == total else "")
                self.stdout.flush()
            elif last_tenth.get(kind) != tenth:
                self.stdout.write(bar)  # a log gets a line per tenth, not per batch
            last_tenth[kind] = tenth

        with transaction.atomic():
            counts = rebuild(progress)
            if dry_run:
                transaction.set_rollback(True)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(f"{prefix}indexed {summary} in {time.monotonic() - started:.1f}s.")
        )
