"""generate_corpus refuses to mix with real data, and its flags; no corpus built beforehand."""

import io

import pytest
from django.core.management import CommandError, call_command

from cooperation import synthetic
from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db
CONTENT = [Agreement, Agency, Technology, Event, Source, Citation]


def test_dry_run_writes_nothing():
    before = Source.objects.count()
    out = io.StringIO()
    call_command("generate_corpus", scale=1, seed=1, dry_run=True, stdout=out)
    assert "100,000 sources" in out.getvalue()
    assert Source.objects.count() == before


def test_bad_scale_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_corpus", scale=0, seed=1)


def test_progress_and_search_index_step_are_reported():
    out = io.StringIO()
    call_command("generate_corpus", scale=0.001, seed=3, stdout=out)
    text = out.getvalue()
    assert "sources [" in text and "Corpus ready" in text
    assert "search index" in text


# Last: the real fixtures it loads stay for the rest of the module.
def test_refuses_a_database_with_real_content(seed_data):
    before = {model: model.objects.count() for model in CONTENT}
    for replace in (False, True):
        with pytest.raises(CommandError, match="real \\(non-synthetic\\) records"):
            call_command("generate_corpus", scale=0.01, seed=1, replace=replace, verbosity=0)
    assert {model: model.objects.count() for model in before} == before
    assert not Source.objects.filter(origin_file=synthetic.SYNTHETIC_ORIGIN).exists()


def test_bench_probe_refuses_a_database_without_a_corpus(seed_data):
    from bench import probe

    with pytest.raises(SystemExit, match="generate_corpus"):
        probe.pick_routes()
