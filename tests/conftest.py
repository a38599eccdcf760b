import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import Atomic


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


@pytest.fixture(scope="session")
def _page_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pages")


@pytest.fixture(autouse=True)
def _empty_page_cache(settings, _page_cache_dir):
    # The production page cache, in a directory of this test run's own (CI runs
    # the SQLite and PostgreSQL suites side by side). Each test starts with no
    # cached pages: a test that changes rows without signals (queryset.update())
    # must not be served a page an earlier test cached.
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": str(_page_cache_dir)},
    }
    caches["pages"].clear()


@pytest.fixture(scope="module")
def seed_data(_commits_as_in_production, django_db_setup, django_db_blocker):
    """The real fixtures, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), rolled_back_block():
        call_command("load_fixtures", verbosity=0)
        yield
        transaction.set_rollback(True)
