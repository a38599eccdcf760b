"""Issue 14, "Done when": the record as loaded from fixtures/ keeps the honesty rules and
reaches the minimums.

`test_the_record_reaches_the_minimums` fails until the researched record (1954–2025) is
converted into fixtures/; it prints the counts either way.
"""

import re
import unicodedata

import pytest

from cooperation.models import Agency, Agreement, Citation, Event, Reference, Source, Technology
from cooperation.pictures import AREA_MINIMUM_AGREEMENTS, counts_by_top_level_area

pytestmark = pytest.mark.django_db
CITED = [Agreement, Agency, Technology, Event]
# A sentence this short ("It was signed.") may recur by chance; longer ones are copied.
MIN_WORDS = 6
# A sentence ends at . ! or ? (perhaps inside a closing quote), not after an initial
# such as the "S." of "U.S.", before a space and a capital.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’]))(?<!\b[A-Z]\.)\s+(?=[“\"‘(]?[A-Z0-9])")
# What our text itself quotes, in quotation marks, is a quote: left out of the check.
QUOTED_IN_TEXT = re.compile(
    r"(?:(?<=^)|(?<=[\s(—–-]))(?:'[^'\n]+'|‘[^’\n]+’|“[^”\n]+”|\"[^\"\n]+\")"
)


@pytest.mark.parametrize("model", CITED)
def test_every_published_entry_has_evidence_of_either_tier(seed_data, model):
    public = Citation.objects.public().values(f"{model._meta.model_name}_id")
    unsupported = model.objects.published().exclude(pk__in=public)
    assert list(unsupported.values_list("slug", flat=True)) == []


def test_every_reference_is_identified(seed_data):
    problems = []
    for ref in Reference.objects.all():
        missing = [name for name in ("publisher", "title") if not getattr(ref, name).strip()]
        if ref.published_on is None or not ref.published_on_precision:
            missing.append("date")
        if not re.match(r"^https?://\S+$", ref.url):
            missing.append("http(s) URL")
        if missing:
            problems.append(f"{ref.slug}: {', '.join(missing)}")
    assert problems == []


def normalised_sentences(text: str) -> set[str]:
    out = set()
    for sentence in SENTENCE_END.split(unicodedata.normalize("NFKC", text)):
        words = re.findall(r"\w+", sentence.casefold())
        if len(words) >= MIN_WORDS:
            out.add(" ".join(words))
    return out


def repeated_sentences(text: str, held: set[str]) -> list[str]:
    """The held sentences that `text` contains, compared word for word after normalising
    (case, punctuation, spacing, Unicode forms), wherever they stand in it."""
    text = QUOTED_IN_TEXT.sub(" ", unicodedata.normalize("NFKC", text))
    words = " " + " ".join(re.findall(r"\w+", text.casefold())) + " "
    return [sentence for sentence in held if f" {sentence} " in words]


def test_no_sentence_of_a_held_source_is_repeated_outside_a_quote(seed_data):
    """Facts carry over, sentences do not: summaries, descriptions, notes and claims are
    our own words; a held source's sentences appear only as quotes."""
    held = set()
    for text in Source.objects.values_list("text", flat=True):
        held |= normalised_sentences(text)
    copied = []
    for model in CITED:
        fields = ["summary" if hasattr(model, "summary") else "description", "note"]
        for slug, *texts in model.objects.values_list("slug", *fields):
            for text in texts:
                copied += [f"{model.__name__} {slug}: {s}" for s in repeated_sentences(text, held)]
    for pk, text in Citation.objects.exclude(claim="").values_list("pk", "claim"):
        copied += [f"citation {pk}: {s}" for s in repeated_sentences(text, held)]
    assert copied == []


def test_the_sentence_check_catches_a_copied_sentence():
    held = normalised_sentences("The documents were signed on the heels of new commitments.")
    copied = "We say: The  DOCUMENTS were signed on the heels of new commitments — indeed."
    assert repeated_sentences(copied, held)
    # In quotation marks, it is a quote of the held source.
    assert not repeated_sentences(
        "The source says 'the documents were signed on the heels of new commitments'.", held
    )
    assert not repeated_sentences("The documents were signed after new commitments.", held)


def test_the_record_reaches_the_minimums(seed_data):
    counts = {
        "agreements": Agreement.objects.published().count(),
        "events": Event.objects.published().count(),
        "agencies": Agency.objects.published().count(),
        "references": Reference.objects.count(),
        "quoted citations": Citation.objects.filter(source__isnull=False).count(),
        "referenced citations": Citation.objects.filter(reference__isnull=False).count(),
    }
    areas = counts_by_top_level_area()
    years = [
        d.year
        for d in [
            *Agreement.objects.published()
            .exclude(signed_on=None)
            .values_list("signed_on", flat=True),
            *Event.objects.published().exclude(date=None).values_list("date", flat=True),
        ]
    ]
    decades = {year // 10 * 10 for year in years}
    empty_decades = [d for d in range(1950, 2030, 10) if d not in decades]
    print("\nThe record:", ", ".join(f"{n} {name}" for name, n in counts.items()))
    print(
        "Years:",
        min(years, default=None),
        "to",
        max(years, default=None),
        "; empty decades:",
        empty_decades or "none",
    )
    for row in areas:
        print(
            f"  {row.technology.slug}: {row.agreements} agreements, {row.events} events"
            + (" (coverage note)" if row.technology.coverage_note else "")
        )
    unexplained = [
        row.technology.slug
        for row in areas
        if row.agreements < AREA_MINIMUM_AGREEMENTS and not row.technology.coverage_note.strip()
    ]
    assert counts["agreements"] >= 60
    assert counts["events"] >= 150
    assert counts["agencies"] >= 120
    assert unexplained == []
    assert min(years) <= 1954 and max(years) >= 2025 and empty_decades == []


@pytest.mark.parametrize("model", CITED)
def test_every_published_entry_has_a_japanese_name(seed_data, model):
    """Issue 15: a new entry in fixtures/ without its Japanese name fails here."""
    unnamed = model.objects.published().filter(name_ja="")
    assert list(unnamed.values_list("slug", flat=True)) == []


@pytest.mark.parametrize("model", CITED)
def test_an_official_japanese_name_cites_a_page_that_uses_it(seed_data, model):
    """Otherwise the name is our translation, and the page says so."""
    cited = Citation.objects.public().filter(field="name_ja")
    uncited = (
        model.objects.published()
        .filter(name_ja_official=True)
        .exclude(pk__in=cited.values(f"{model._meta.model_name}_id"))
    )
    assert list(uncited.values_list("slug", flat=True)) == []
