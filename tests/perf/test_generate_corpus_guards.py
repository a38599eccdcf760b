"""generate_corpus refuses to mix with real data, and its flags; no corpus built beforehand."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError

from bench.synthetic import generator as synthetic
from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology
from tests.perf.conftest import generate_corpus

pytestmark = pytest.mark.django_db
CONTENT = [Agreement, Agency, Technology, Event, Source, Citation]


def test_dry_run_writes_nothing():
    before = Source.objects.count()
    out = io.StringIO()
    generate_corpus(scale=1, seed=1, dry_run=True, stdout=out)
    assert "100,000 sources" in out.getvalue()
    assert Source.objects.count() == before


def test_bad_scale_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        generate_corpus(scale=0, seed=1)


def test_progress_and_search_index_step_are_reported():
    out = io.StringIO()
    generate_corpus(scale=0.001, seed=3, stdout=out)
    text = out.getvalue()
    assert "sources [" in text and "Corpus ready" in text
    assert "search index" in text


# Last: the real fixtures it loads stay for the rest of the module.
def test_refuses_a_database_with_real_content(seed_data):
    before = {model: model.objects.count() for model in CONTENT}
    for replace in (False, True):
        with pytest.raises(CommandError, match="real \\(non-synthetic\\) records"):
            generate_corpus(scale=0.01, seed=1, replace=replace, verbosity=0)
    assert {model: model.objects.count() for model in before} == before
    assert not Source.objects.filter(origin_file=synthetic.SYNTHETIC_ORIGIN).exists()


def test_bench_probe_refuses_a_database_without_a_corpus(seed_data):
    from bench import probe

    with pytest.raises(SystemExit, match="generate_corpus"):
        probe.pick_routes()


def test_only_the_benchmark_installs_the_generator():
    from django.core.management import get_commands

    assert "generate_corpus" not in get_commands()  # the site's own settings
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "test-only-not-secret",
        "DEBUG": "false",
        "HTTPS": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "generate_corpus"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "--scale" in result.stdout and "synthetic corpus" in result.stdout
