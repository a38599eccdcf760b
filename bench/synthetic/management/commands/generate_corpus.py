"""Build a deterministic synthetic corpus for the benchmark into the current database.

    DJANGO_SETTINGS_MODULE=bench.settings manage.py generate_corpus --scale 1 --seed 1
    # 100,000 articles, a few minutes; --scale 0.01: seconds, for tests

Installed by the benchmark's settings only (bench/settings.py; `python bench/corpus.py`
runs it with them).

Point DATABASE_URL (or SQLITE_PATH) at a database of its own: the command refuses
a database holding real content, and replaces an earlier synthetic corpus only
when given --replace. It migrates nothing: run `manage.py migrate` first.
"""

import resource
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from bench.synthetic import generator as synthetic
from cooperation.changes import everything_changed


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = 10,000 agreements, 100,000 sources."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace an earlier synthetic corpus."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be built and stop."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, scale: float, seed: int, replace: bool, dry_run: bool, database: str,
               **options) -> None:  # fmt: skip
        if not 0 < scale <= 10:
            raise CommandError(f"--scale must be above 0 and at most 10, got {scale}")
        plan = synthetic.plan(scale, seed)
        counts = ", ".join(f"{n:,} {name}" for name, n in plan.counts.items())
        self._verbosity = options.get("verbosity", 1)
        self._say(f"Synthetic corpus, scale {scale:g}, seed {seed}: {counts}.")
        if dry_run:
            return

        existing = synthetic.existing_content(database)
        if existing["real"]:
            raise CommandError(
                f"Database {connections[database].settings_dict['NAME']!r} holds "
                f"{existing['real']:,} real (non-synthetic) records; a synthetic corpus is "
                "never mixed with real data. Point DATABASE_URL (or SQLITE_PATH) at a "
                "database of its own."
            )
        if existing["synthetic"] and not replace:
            raise CommandError(
                f"Database already holds a synthetic corpus ({existing['synthetic']:,} records); "
                "pass --replace to build a new one in its place."
            )

        self._last_report = 0.0
        started = time.monotonic()
        with transaction.atomic(using=database):
            if existing["synthetic"]:
                synthetic.delete_synthetic(database)
            corpus = synthetic.Corpus(plan, database, self._progress)
            corpus.run()
            # Rows were copied in bulk, without signals: once they commit, the change
            # pipeline rebuilds the whole search index and marks cached pages stale.
            everything_changed(using=database)
            self._say("Written; the search index is rebuilt once it commits…")
        self._say(f"Written and indexed in {time.monotonic() - started:.0f} s.")

        connection = connections[database]
        if connection.vendor == "postgresql":
            # A bulk load leaves no visibility map and no statistics; autovacuum
            # would get there later. Measure the steady state instead.
            # VACUUM cannot run inside a transaction (a caller's, as in tests): ANALYZE can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            self._say(f"{command}…")
            with connection.cursor() as cursor:
                for table in synthetic.content_tables():
                    cursor.execute(f"{command} {connection.ops.quote_name(table)}")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self._say(
            self.style.SUCCESS(
                f"Corpus ready in {time.monotonic() - started:.0f} s "
                f"(peak memory {peak_mb:.0f} MB)."
            )
        )

    def _say(self, message: str) -> None:
        if self._verbosity >= 1:
            self.stdout.write(message)

    def _progress(self, label: str, done: int, total: int) -> None:
        """A one-line progress bar on a terminal; a line every few seconds otherwise."""
        if self._verbosity < 1:
            return
        now = time.monotonic()
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
        if done < total and now - self._last_report < (0.2 if tty else 5):
            return
        self._last_report = now
        width = 30
        filled = int(width * done / total) if total else width
        bar = f"{label:>12} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if tty:
            self.stdout.write("\r" + bar, ending="\n" if done >= total else "")
            self.stdout.flush()
        else:
            self.stdout.write(bar)
