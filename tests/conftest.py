import pytest
from django.core.management import call_command
from django.db import transaction


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
def seed_data(django_db_setup, django_db_blocker):
    """The real fixtures, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_fixtures", verbosity=0)
        yield
        transaction.set_rollback(True)
