from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ...fixture_export import export_fixtures


class Command(BaseCommand):
    help = (
        "Write the database back to fixtures/ in the format load_fixtures reads, so curated "
        "work can be reviewed in version control."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Where to write (default: the project's fixtures/).",
        )

    def handle(self, *args, directory, **options):
        for path in export_fixtures(directory or Path(settings.FIXTURES_DIR)):
            self.stdout.write(f"wrote {path}")
