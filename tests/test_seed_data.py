"""The seed data read from the five source documents keeps the honesty rules."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from cooperation.models import (
    CITABLE,
    Agency,
    Agreement,
    Citation,
    Event,
    PublicationStatus,
    Source,
    Technology,
)

pytestmark = pytest.mark.django_db
SHARED_SOURCES = Path(settings.BASE_DIR).parent / "shared" / "sources"
DEBRIS = [
    r"data-src",
    r"sizes=",
    r"\d+w\"",
    r"\.jpe?g",
    r"RELATED:",
    r"Comments are closed",
    r"[Ss]ubscribe",
    r"<[a-z]+[ >]",
]


def test_all_five_sources_are_present_with_their_origin_files(seed_data):
    origin_files = sorted(Source.objects.values_list("origin_file", flat=True))
    assert len(origin_files) == 5
    if SHARED_SOURCES.is_dir():
        assert origin_files == sorted(p.name for p in SHARED_SOURCES.glob("*.txt"))
    for source in Source.objects.all():
        assert source.title and source.text and source.summary
        assert source.publication_status == PublicationStatus.PUBLISHED


@pytest.mark.parametrize("pattern", DEBRIS)
def test_cleaned_texts_carry_no_scraping_debris(seed_data, pattern):
    for source in Source.objects.all():
        match = re.search(pattern, source.text)
        assert match is None, f"{source.origin_file}: debris {match.group(0)!r} left in the text"


def test_cleaned_texts_keep_the_articles_own_words(seed_data):
    if not SHARED_SOURCES.is_dir():
        pytest.skip("../shared/sources is not beside the project")
    for source in Source.objects.all():
        raw = (SHARED_SOURCES / source.origin_file).read_text(encoding="utf-8")
        raw_words = re.sub(r"\s+", " ", raw)
        # Every paragraph of the cleaned text stands in the original document.
        for paragraph in filter(None, (p.strip() for p in source.text.split("\n\n"))):
            assert re.sub(r"\s+", " ", paragraph) in raw_words, (
                f"{source.origin_file}: paragraph not in the original: {paragraph[:80]!r}"
            )


def test_every_quote_is_verbatim_in_its_sources_text(seed_data):
    # Referenced citations (issue 14) quote nothing: they state a claim of a reference.
    citations = Citation.objects.filter(source__isnull=False).select_related("source")
    assert citations.count() > 0
    for citation in citations:
        assert citation.quote in citation.source.text, (
            f"{citation}: quote not found verbatim in {citation.source.origin_file}"
        )


@pytest.mark.parametrize("model", [Agreement, Agency, Technology, Event])
def test_every_published_entity_has_a_citation(seed_data, model):
    uncited = model.objects.published().filter(citations__isnull=True)
    assert list(uncited.values_list("slug", flat=True)) == []


@pytest.mark.parametrize(
    ("model", "minimum"), [(Agreement, 10), (Agency, 35), (Technology, 20), (Event, 20)]
)
def test_the_sources_are_read_whole(seed_data, model, minimum):
    assert model.objects.published().count() >= minimum


def test_technologies_form_a_hierarchy(seed_data):
    top_level = Technology.objects.filter(parent__isnull=True)
    assert 3 <= top_level.count() < Technology.objects.count()
    assert Technology.objects.filter(parent__isnull=False).count() >= 10


def test_well_known_entries_are_there(seed_data):
    darpa = Agency.objects.get(acronym="DARPA")
    assert darpa.country == "US"
    assert darpa.parent is not None and "Defense" in darpa.parent.name
    assert Agency.objects.filter(acronym="ATLA", country="JP").exists()
    assert Agreement.objects.filter(acronym="SOSA").exists()


def test_every_citation_supports_exactly_one_entry(seed_data):
    for citation in Citation.objects.all():
        assert sum(bool(getattr(citation, f"{name}_id")) for name in CITABLE) == 1
