import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import Atomic
from django.utils import translation


def _only_test_transactions(connection) -> bool:
    """Every open atomic block is one a test (or a fixture) wraps around the code under test."""
    return connection.in_atomic_block and all(b._from_testcase for b in connection.atomic_blocks)


@pytest.fixture(autouse=True, scope="session")
def _commits_as_in_production():
    """Run on_commit callbacks where production would commit.

    A test runs inside a transaction that is rolled back, so nothing ever commits and
    the change pipeline (cooperation/changes.py: slug history, search index, page cache)
    would never run. Here, code that would run in autocommit (no atomic block of its
    own) runs its callbacks at once, and the outermost atomic block of the code under
    test (an admin view's, load_fixtures') runs them when it exits, as a commit would.
    """
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = Atomic.__exit__

    def on_commit(self, func, robust=False):
        if _only_test_transactions(self):
            func()
        else:
            original_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        connection = transaction.get_connection(self.using)
        result = original_exit(self, exc_type, exc_value, traceback)
        if (
            exc_type is None
            and not self._from_testcase
            and _only_test_transactions(connection)
            and not connection.needs_rollback
        ):
            callbacks, connection.run_on_commit = connection.run_on_commit, []
            for _sids, func, _robust in callbacks:
                func()
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
        patch.setattr(Atomic, "__exit__", exit_)
        yield


def rolled_back_block(using=None) -> Atomic:
    """An atomic block a fixture wraps around test data, rolled back at its end.

    Marked like Django's own test transactions: the code inside commits, for the
    change pipeline, when its own outermost block exits (see _commits_as_in_production).
    """
    block = transaction.atomic(using=using)
    block._from_testcase = True
    return block


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production serves hashed files from collectstatic's manifest; the tests
    # render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test client speaks plain HTTP; production redirects it to HTTPS.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request under /ja/ leaves Japanese active in the test's thread (a server activates
    each request's own language): without this, a later test in the same process reverses
    /ja/ addresses (test_validators before tests/perf did)."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """A test database need not survive a power cut: PostgreSQL may acknowledge a commit
    before its log reaches the disk (the browser journeys and the snapshot commit often)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def _page_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(autouse=True, scope="session")
def _zero_configuration_caches(_page_cache_dir):
    """The default caches, whatever REDIS_URL the shell holds.

    The suite tests the configuration that needs no server, and must never reach a
    real Redis: clear() on Django's Redis cache flushes that whole Redis database.
    tests/prod/test_web_nodes.py runs the Redis configuration in processes of its own.
    The page cache is in a directory of this test run's own (CI runs the SQLite and
    PostgreSQL suites side by side).
    """
    from django.test import override_settings

    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_page_cache_dir),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _empty_page_cache(_zero_configuration_caches):
    # Each test starts with no cached pages: a test that changes rows without
    # signals (queryset.update()) must not be served a page an earlier test cached.
    from django.core.cache import caches

    caches["pages"].clear()


class SeedSnapshot:
    """The rows the real fixtures become, captured from one real load and written back.

    load_fixtures validates every record, records a revision and indexes every entry:
    about half a minute for the researched record. The suite needs that state some
    sixty times (each module of seed_data, each browser journey), so the first load
    is real and every later one writes its rows back as they were: the tables the
    load changed, emptied and refilled in one go. Content types, which reversion's
    rows point to, are matched by name (a browser test's flush renumbers them).
    """

    _rows: dict | None = None

    @staticmethod
    def _models():
        from django.apps import apps
        from django.db import connection

        tables = set(connection.introspection.table_names())
        return [
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables
        ]

    @staticmethod
    def _read(model) -> list[tuple]:
        from django.db import connection

        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in _columns(model))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY 1")
            return cursor.fetchall()

    @classmethod
    def load(cls) -> None:
        """Bring the database to the loaded state: a real load the first time."""
        if cls._rows is None:
            before = {m: cls._read(m) for m in cls._models()}
            call_command("load_fixtures", verbosity=0)
            cls._rows = {m: rows for m in cls._models() if (rows := cls._read(m)) != before[m]}
            cls._content_types = _content_type_names()
        else:
            cls._write()

    @classmethod
    def _write(cls) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import caches
        from django.core.management.color import no_style
        from django.db import connection

        names_now = {name: pk for pk, name in _content_type_names().items()}
        content_type = {old: names_now[name] for old, name in cls._content_types.items()}
        with transaction.atomic(), connection.cursor() as cursor:
            for model, rows in cls._rows.items():
                columns = _columns(model)
                remapped = [
                    i
                    for i, f in enumerate(columns)
                    if f.is_relation and f.related_model is ContentType
                ]
                if remapped:
                    rows = [
                        tuple(
                            content_type.get(v, v) if i in remapped else v
                            for i, v in enumerate(row)
                        )
                        for row in rows
                    ]
                table = connection.ops.quote_name(model._meta.db_table)
                names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.execute(f"DELETE FROM {table}")
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            for sql in connection.ops.sequence_reset_sql(no_style(), list(cls._rows)):
                cursor.execute(sql)
        ContentType.objects.clear_cache()
        caches["default"].clear()


def _columns(model) -> list:
    return list(model._meta.local_concrete_fields)


def _content_type_names() -> dict[int, tuple[str, str]]:
    from django.contrib.contenttypes.models import ContentType

    return {
        pk: (app, name)
        for pk, app, name in ContentType.objects.values_list("pk", "app_label", "model")
    }


@pytest.fixture(scope="session")
def load_seed():
    """Bring the test database to the state the real fixtures make (see SeedSnapshot)."""
    return SeedSnapshot.load


@pytest.fixture(scope="module")
def seed_data(load_seed, _commits_as_in_production, django_db_setup, django_db_blocker):
    """The real fixtures, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), rolled_back_block():
        load_seed()
        yield
        transaction.set_rollback(True)
