import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """A scale-0.01 synthetic corpus, built once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("generate_corpus", scale=0.01, seed=1, verbosity=0)
        yield
        transaction.set_rollback(True)
