import pytest
from django.core.management import call_command
from django.db import transaction

from bench.synthetic.management.commands.generate_corpus import Command as GenerateCorpus
from tests.conftest import rolled_back_block


def generate_corpus(*args, **options):
    """`manage.py generate_corpus`, which only the benchmark's settings install."""
    return call_command(GenerateCorpus(), *args, **options)


@pytest.fixture(scope="module")
def corpus(_commits_as_in_production, django_db_setup, django_db_blocker):
    """A scale-0.01 synthetic corpus, built once per module and rolled back after it."""
    with django_db_blocker.unblock(), rolled_back_block():
        generate_corpus(scale=0.01, seed=1, verbosity=0)
        yield
        transaction.set_rollback(True)
