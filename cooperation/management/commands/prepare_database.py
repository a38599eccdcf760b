import contextlib
import zlib

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# One number for "this project's database is being prepared", the same on every node.
LOCK_KEY = zlib.crc32(b"cooperation.prepare_database")


@contextlib.contextmanager
def one_node_at_a_time():
    """On PostgreSQL, a session advisory lock: a second web node starting at the same
    time waits here for the first, then finds the schema and the data up to date."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


class Command(BaseCommand):
    help = (
        "Bring the schema and the seed data up to date (migrate, then load_fixtures), one "
        "web node at a time: what each container runs before it serves."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        with one_node_at_a_time():
            call_command("migrate", interactive=False, verbosity=verbosity)
            call_command("load_fixtures", verbosity=verbosity)
