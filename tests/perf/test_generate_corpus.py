"""generate_corpus at scale 0.01: the counts, shapes and densities promised, deterministic,
and never mixed with real data. Runs on SQLite and PostgreSQL alike."""

import re
import statistics

import pytest
from django.core.management import CommandError
from django.db.models import Count

from bench.synthetic import generator as synthetic
from cooperation.models import (
    Agency,
    Agreement,
    Citation,
    Event,
    PublicationStatus,
    Source,
    Technology,
)
from tests.perf.conftest import generate_corpus

pytestmark = pytest.mark.django_db
ENTITIES = [Agreement, Agency, Technology, Event, Source]


def snapshot() -> dict:
    """Every row of every content table and relation, timestamps left out."""
    data = {}
    for model in [*ENTITIES, Citation]:
        fields = [f.attname for f in model._meta.concrete_fields]
        fields = [f for f in fields if f not in ("created_at", "updated_at")]
        data[model.__name__] = list(model.objects.order_by("pk").values_list(*fields))
    for model, name in [(Agreement, "parties"), (Agreement, "technologies"),
                        (Agreement, "builds_on"), (Event, "participants"),
                        (Event, "technologies"), (Event, "agreements")]:  # fmt: skip
        through = getattr(model, name).through
        columns = [f.attname for f in through._meta.concrete_fields if f.attname != "id"]
        data[f"{model.__name__}.{name}"] = sorted(through.objects.values_list(*columns))
    return data


def test_counts_at_scale_one_hundredth(corpus):
    assert Agreement.objects.count() == 100
    assert Agency.objects.count() == 30
    assert Technology.objects.count() == 4
    assert Event.objects.count() == 200
    assert Source.objects.count() == 1000
    for model in ENTITIES:
        assert not model.objects.exclude(publication_status=PublicationStatus.PUBLISHED).exists()
        assert model.objects.published().count() == model.objects.count()


def test_scale_one_plan_matches_the_issue():
    assert synthetic.plan(1, 1).counts == {
        "technologies": 400,
        "agencies": 3000,
        "agreements": 10000,
        "events": 20000,
        "sources": 100000,
    }


def test_technologies_form_a_three_level_tree(corpus):
    leaf = Technology.objects.filter(parent__parent__isnull=False).select_related("parent__parent")
    assert leaf.exists()
    assert leaf.first().parent.parent.parent is None
    assert Technology.objects.filter(parent__parent__parent__isnull=False).count() == 0


def test_relations_at_realistic_densities(corpus):
    parties = Agreement.objects.annotate(n=Count("parties")).values_list("n", flat=True)
    assert min(parties) >= 2 and max(parties) <= 4
    technologies = Agreement.objects.annotate(n=Count("technologies")).values_list("n", flat=True)
    assert min(technologies) >= 1 and max(technologies) <= 4
    # Popular areas: the busiest agency takes part in far more than the median one.
    busy = sorted(Agency.objects.annotate(n=Count("agreements")).values_list("n", flat=True))
    assert busy[-1] >= 5 * max(1, statistics.median(busy))


def test_every_entity_is_cited_with_a_verbatim_quote(corpus):
    for model in (Agreement, Agency, Technology, Event):
        assert not model.objects.filter(citations__isnull=True).exists(), model
    assert Citation.objects.count() >= Source.objects.count()
    for citation in Citation.objects.select_related("source"):
        assert citation.quote in citation.source.text
        citation.full_clean()  # the model's own checks: one target, verbatim quote


def test_articles_are_about_seven_hundred_words(corpus):
    lengths = [len(t.split()) for t in Source.objects.values_list("text", flat=True)]
    assert 600 <= statistics.mean(lengths) <= 800


def test_words_by_document_frequency(corpus):
    texts = list(Source.objects.values_list("text", flat=True))

    def share(word: str) -> float:
        pattern = re.compile(r"\b" + re.escape(word) + r"\b", re.IGNORECASE)
        return sum(1 for t in texts if pattern.search(t)) / len(texts)

    assert share(synthetic.word_with_document_frequency(0.98)) >= 0.9
    assert 0.002 <= share(synthetic.word_with_document_frequency(0.01)) <= 0.04
    assert share(synthetic.word_with_document_frequency(0.0002)) <= 0.005
    assert share(synthetic.phrase_with_document_frequency(0.05)) > 0.01


def test_same_seed_same_corpus_other_seed_another(corpus):
    first = snapshot()
    generate_corpus(scale=0.01, seed=1, replace=True, verbosity=0)
    assert snapshot() == first
    generate_corpus(scale=0.01, seed=2, replace=True, verbosity=0)
    other = snapshot()
    assert other["Source"] != first["Source"]
    assert len(other["Source"]) == len(first["Source"])


def test_refuses_to_overwrite_a_corpus_without_replace(corpus):
    with pytest.raises(CommandError, match="--replace"):
        generate_corpus(scale=0.01, seed=1, verbosity=0)
