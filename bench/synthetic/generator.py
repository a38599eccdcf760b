"""A deterministic synthetic corpus for measuring the site at scale.

`Corpus(plan(scale, seed), using).run()` (`manage.py generate_corpus`) fills an
empty database (or one holding only an earlier synthetic corpus) with agreements,
agencies, technologies, events, sources and citations at the densities of the real
data, scaled: at scale 1, 10,000 agreements, 3,000 agencies, 400 technologies,
20,000 events and 100,000 source articles of ~700 words.

Article text is drawn from a fixed vocabulary with a Zipf distribution, so
search has words found in nearly every document, words found in about 1% of
them and rare words: `word_with_document_frequency()` names one for a target
fraction. Every citation quotes a sentence of its source verbatim.

Rows are written in batches with explicit primary keys, so relations can be
streamed without reading ids back: COPY on PostgreSQL, executemany elsewhere.
Nothing but the current batch is held in memory.

Every record says in its note (sources also in `origin_file`) that it is
synthetic, which is how the command refuses to mix a corpus with real data.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connections, models
from django.utils import timezone
from django.utils.text import slugify

from cooperation.models import (
    QUOTE_MAX_LENGTH,
    Agency,
    AgencyKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Citation,
    DatePrecision,
    Event,
    EventKind,
    PublicationStatus,
    Source,
    Technology,
)

SYNTHETIC_NOTE = "Synthetic benchmark data made by generate_corpus; not a real record."
SYNTHETIC_ORIGIN = "synthetic:generate_corpus"

# Counts at scale 1 (the figures).
SCALE_1 = {
    "technologies": 400,
    "agencies": 3000,
    "agreements": 10000,
    "events": 20000,
    "sources": 100000,
}
WORDS_PER_ARTICLE = (500, 900)  # ~700 on average
MEAN_WORDS_PER_ARTICLE = sum(WORDS_PER_ARTICLE) / 2
BATCH = 1000
CONTENT_MODELS = (Citation, Agreement, Event, Source, Agency, Technology)

# --------------------------------------------------------------------------- vocabulary

# The most frequent words first: English function words with domain words among
# them, so a content word ("defense", "technology") is found in ~every article,
# as in a real corpus about defense technology.
_HEAD = """the of and to in a defense for technology that on is with cooperation by as
Japan be it United States at from this are research was security an which will or
development military their have its has not government industry between two new
joint systems program more also alliance countries other international agreement
ministry department would said such been into policy capabilities under officials
space innovation science could than they these about defence economic national
trade companies one years information advanced support first through including
partners while critical export control market could should were both each where
over supply chain dual use after strategy data production investment officials
academic programs engineering missile network domestic standards framework"""
_HEAD = _HEAD.split()

# Multi-word collocations emitted as one unit, so phrase search has phrases that
# really occur as phrases (rank decides how many articles hold them).
_PHRASES = [
    "joint research",
    "supply chain resilience",
    "export control regime",
    "hypersonic glide vehicle",
    "quantum key distribution",
    "technology transfer agreement",
]
_PHRASE_RANKS = [300, 900, 2500, 6000, 15000, 40000]

_ONSETS = [*"bcdfghjklmnprstvw", "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "th"]
_NUCLEI = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
_CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "rn"]
_SUFFIXES = ["", "", "", "ing", "ed", "er", "ion", "ity", "al", "ment", "ive", "s"]

VOCABULARY_SIZE = 60000
ZIPF_EXPONENT = 1.0


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]
    probabilities: list[float]

    def document_frequency(self, rank: int, words_per_doc: float = MEAN_WORDS_PER_ARTICLE):
        """Expected fraction of articles holding the word of this rank."""
        return 1 - (1 - self.probabilities[rank]) ** words_per_doc


def _synthetic_words(count: int, taken: set[str]) -> Iterator[str]:
    rng = random.Random(1)  # fixed: the vocabulary is the same for every seed
    while count:
        syllables = rng.choice((1, 2, 2, 2, 3, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_NUCLEI) + rng.choice(_CODAS) for _ in range(syllables)
        ) + rng.choice(_SUFFIXES)
        if 3 <= len(word) <= 14 and word not in taken:
            taken.add(word)
            count -= 1
            yield word


_vocabulary: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    global _vocabulary
    if _vocabulary is None:
        head = list(dict.fromkeys(_HEAD))
        taken = set(head) | {w for p in _PHRASES for w in p.split()}
        words = head + list(_synthetic_words(VOCABULARY_SIZE - len(head), taken))
        for phrase, rank in zip(_PHRASES, _PHRASE_RANKS, strict=True):
            words.insert(rank, phrase)
        weights = [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(words))]
        total = sum(weights)
        _vocabulary = Vocabulary(
            words=words,
            cum_weights=list(itertools.accumulate(weights)),
            probabilities=[w / total for w in weights],
        )
    return _vocabulary


def word_with_document_frequency(fraction: float, *, avoid: Iterable[str] = ()) -> str:
    """A single word whose expected share of articles holding it is closest to `fraction`."""
    vocab = vocabulary()
    avoid = set(avoid)
    best, best_distance = "", math.inf
    for rank, word in enumerate(vocab.words):
        if " " in word or word in avoid or len(word) < 4:
            continue  # phrases, and short function words that search drops as stop words
        distance = abs(math.log(vocab.document_frequency(rank)) - math.log(fraction))
        if distance < best_distance:
            best, best_distance = word, distance
    return best


def phrase_with_document_frequency(fraction: float) -> str:
    vocab = vocabulary()
    return min(
        _PHRASES,
        key=lambda p: abs(
            math.log(vocab.document_frequency(vocab.words.index(p))) - math.log(fraction)
        ),
    )


def article_sentences(rng: random.Random, length: int) -> list[list[str]]:
    """Paragraphs of sentences: ~`length` Zipf-drawn words, capitalised and punctuated."""
    vocab = vocabulary()
    words, cum = vocab.words, vocab.cum_weights
    total, hi, rand = cum[-1], len(cum) - 1, rng.random
    drawn = [words[bisect.bisect(cum, rand() * total, 0, hi)] for _ in range(length)]
    paragraphs, paragraph, start = [], [], 0
    while start < length:
        end = min(length, start + rng.randint(8, 22))
        sentence = " ".join(drawn[start:end])
        paragraph.append(sentence[0].upper() + sentence[1:] + ".")
        start = end
        if len(paragraph) >= rng.randint(3, 7):
            paragraphs.append(paragraph)
            paragraph = []
    if paragraph:
        paragraphs.append(paragraph)
    return paragraphs


# --------------------------------------------------------------------------- writing


class Writer:
    """Appends rows to tables: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, using: str):
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"

    def write(self, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        count = 0
        with self.connection.cursor() as cursor:
            if self.postgres:
                names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            else:
                names = ", ".join(self.connection.ops.quote_name(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
                for chunk in _chunks(rows, BATCH):
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
        return count


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _table(model: type[models.Model]) -> str:
    return model._meta.db_table


def _m2m(model: type[models.Model], field: str) -> tuple[str, list[str]]:
    m2m = model._meta.get_field(field)
    through = m2m.remote_field.through
    return through._meta.db_table, [m2m.m2m_column_name(), m2m.m2m_reverse_name()]


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Plan:
    scale: float
    seed: int
    counts: dict[str, int]


def plan(scale: float, seed: int) -> Plan:
    counts = {name: max(1, round(n * scale)) for name, n in SCALE_1.items()}
    counts["technologies"] = max(3, counts["technologies"])
    return Plan(scale=scale, seed=seed, counts=counts)


_AREAS = [
    "Hypersonics",
    "Autonomy and unmanned systems",
    "Semiconductors",
    "Quantum technologies",
    "Space systems",
    "Cybersecurity",
    "Artificial intelligence",
    "Directed energy",
    "Biotechnology",
    "Advanced materials",
    "Energy and power",
    "Communications",
]
_CITIES = [
    "Tokyo",
    "Washington",
    "Yokosuka",
    "Honolulu",
    "Osaka",
    "San Diego",
    "Okinawa",
    "Arlington",
    "Nagoya",
    "Boston",
]
# Japanese names (issue 15), made from the pk alone so the random stream, and so the
# rest of the corpus, is what it was: 量子通信協定 12, … Japanese search reads them.
_JA_WORDS = ["防衛", "装備", "技術", "研究", "開発", "協力", "宇宙", "量子", "通信", "情報",
             "電子", "材料", "無人", "航空", "海洋", "試験", "評価", "半導体", "極超音速",
             "人工知能", "迎撃", "衛星", "電波", "部品"]  # fmt: skip
_JA_KINDS = {"technology": "技術", "agency": "機関", "agreement": "協定", "event": "会合"}


def japanese_name(kind: str, pk: int) -> tuple:
    """(name_ja, name_ja_official, aliases_ja) of a synthetic entry."""
    first = _JA_WORDS[pk % len(_JA_WORDS)]
    second = _JA_WORDS[(pk * 7 + 3) % len(_JA_WORDS)]
    name = f"{first}{second}{_JA_KINDS[kind]} {pk}"
    return name, False, json.dumps([f"{second}{_JA_KINDS[kind]}"])


_JA_COLUMNS = ["name_ja", "name_ja_official", "aliases_ja"]

_PUBLISHERS = [f"{w.title()} {k}" for w in ("meridian", "harbor", "pacific", "summit",
               "keystone", "granite", "lantern", "beacon") for k in ("Times", "Review",
               "Daily", "Press", "Journal")]  # fmt: skip


class Corpus:
    """Generates and writes one corpus; `run()` does it all, reporting progress."""

    def __init__(self, plan: Plan, using: str, progress: Callable[[str, int, int], None]):
        self.plan = plan
        self.counts = plan.counts
        self.writer = Writer(using)
        self.connection = self.writer.connection
        self.progress = progress
        self.rng = random.Random(plan.seed)
        self.now = timezone.now()
        self.vocab = vocabulary()
        self._naming_words = self.vocab.words[2000:20000]

    # --- helpers

    def _name_word(self) -> str:
        return self.rng.choice(self._naming_words).split()[0].title()

    def _date(self, start_year: int = 1985, end_year: int = 2026) -> tuple[object, str]:
        rng = self.rng
        year = rng.randint(start_year, end_year)
        roll = rng.random()
        if roll < 0.6:
            value = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            precision = DatePrecision.DAY
        elif roll < 0.85:
            value, precision = datetime.date(year, rng.randint(1, 12), 1), DatePrecision.MONTH
        else:
            value, precision = datetime.date(year, 1, 1), DatePrecision.YEAR
        return self.connection.ops.adapt_datefield_value(value), str(precision)

    def _entity(self, pk: int, slug: str) -> tuple:
        stamp = self.connection.ops.adapt_datetimefield_value(self.now)
        return (pk, slug, str(PublicationStatus.PUBLISHED), stamp, stamp)

    _ENTITY_COLUMNS = ["id", "slug", "publication_status", "created_at", "updated_at"]

    def _write_batches(
        self, label: str, table: str, columns: list[str], batches: Iterable[tuple[list, dict]]
    ) -> None:
        """Write each batch of rows, then the relations that belong to it.

        One COPY at a time per connection, so relations follow their batch
        rather than being written while the batch streams.
        """
        total, done = self.counts[label], 0
        for rows, relations in batches:
            self.writer.write(table, columns, rows)
            for (rel_table, rel_columns), rel_rows in relations.items():
                self.writer.write(rel_table, rel_columns, rel_rows)
            done += len(rows)
            self.progress(label, done, total)

    @staticmethod
    def _zipf_cum(n: int, exponent: float = 1.0) -> list[float]:
        return list(itertools.accumulate(1 / (i + 1) ** exponent for i in range(n)))

    def _pick(self, cum: list[float], k: int) -> list[int]:
        """k distinct indexes drawn with the weights behind `cum` (1-based ids follow)."""
        picked: dict[int, None] = {}
        total, hi = cum[-1], len(cum) - 1
        for _ in range(k * 4):
            picked[bisect.bisect(cum, self.rng.random() * total, 0, hi)] = None
            if len(picked) >= min(k, len(cum)):
                break
        return list(picked)

    def _batches(self, n: int, make_row: Callable[[int, dict], tuple]):
        """Batches of `make_row(pk, relations)` rows; make_row appends its relation rows."""
        for start in range(0, n, BATCH):
            relations: dict[tuple[str, tuple[str, ...]], list] = {}
            rows = [make_row(pk, relations) for pk in range(start + 1, min(n, start + BATCH) + 1)]
            yield rows, relations

    @staticmethod
    def _relate(relations: dict, model, field: str, rows: Iterable[tuple]) -> None:
        table, columns = _m2m(model, field)
        relations.setdefault((table, tuple(columns)), []).extend(rows)

    # --- entities

    def technologies(self) -> None:
        n = self.counts["technologies"]
        tops = max(1, min(len(_AREAS), round(n * 0.03)))
        mids = max(1, round(n * 0.12))
        rng = self.rng
        self.tech_top_of: list[int] = []  # index -> index of its top-level area

        def make_row(pk: int, relations: dict) -> tuple:
            i = pk - 1
            if i < tops:
                name, parent, top, level = _AREAS[i], None, i, 0
            elif i < tops + mids:
                parent = top = (i - tops) % tops
                kind = rng.choice(["systems", "sensing", "methods", "devices"])
                name, level = f"{_AREAS[parent]}: {self._name_word()} {kind}", 1
            else:
                parent = tops + (i - tops - mids) % mids
                top = self.tech_top_of[parent]
                kind = rng.choice(["arrays", "processing", "materials", "control", "platforms"])
                name, level = f"{self._name_word()} {self._name_word().lower()} {kind}", 2
            self.tech_top_of.append(top)
            return (
                *self._entity(pk, f"{slugify(name)[:100]}-{pk}"),
                json.dumps([name.split(":")[-1].strip().lower()]),
                SYNTHETIC_NOTE,
                name,
                None if parent is None else parent + 1,
                f"A synthetic technology area, level {level} of the tree.",
                "",
                *japanese_name("technology", pk),
            )

        columns = [
            *self._ENTITY_COLUMNS,
            *("aliases", "note", "name", "parent_id", "description", "coverage_note"),
            *_JA_COLUMNS,
        ]
        self._write_batches("technologies", _table(Technology), columns, self._batches(n, make_row))
        # Popularity: top-level areas by Zipf, then the nodes of each area by Zipf
        # (the area itself first), so the first area holds a large share of all links.
        self.tech_nodes_by_top: dict[int, list[int]] = {t: [] for t in range(tops)}
        for i, top in enumerate(self.tech_top_of):
            self.tech_nodes_by_top[top].append(i)
        self.tech_top_cum = self._zipf_cum(tops)
        self.tech_node_cum = {
            top: self._zipf_cum(len(nodes), 0.8) for top, nodes in self.tech_nodes_by_top.items()
        }

    def _technology_ids(self, k: int) -> list[int]:
        ids: dict[int, None] = {}
        for top in self._pick(self.tech_top_cum, k):
            nodes = self.tech_nodes_by_top[top]
            ids[nodes[self._pick(self.tech_node_cum[top], 1)[0]] + 1] = None
        return list(ids)

    def agencies(self) -> None:
        n = self.counts["agencies"]
        rng = self.rng
        kinds = [str(k) for k in AgencyKind]
        countries = ["US"] * 9 + ["JP"] * 9 + ["AU", "GB", "KR", "IN", "DE", "FR", ""]
        roots = max(1, n // 10)

        def make_row(pk: int, relations: dict) -> tuple:
            kind = rng.choice(kinds)
            label = AgencyKind(kind).label.split(" or ")[0].split()[-1].title()
            name = f"{self._name_word()} {label} {pk}"
            acronym = "".join(p[0] for p in name.split()[:2]).upper() + str(pk)
            return (
                *self._entity(pk, slugify(name)),
                json.dumps([acronym]),
                SYNTHETIC_NOTE,
                name,
                acronym,
                rng.choice(countries),
                kind,
                None if pk <= roots else rng.randrange(1, pk),
                f"A synthetic {AgencyKind(kind).label.lower()}.",
                *japanese_name("agency", pk),
            )

        columns = [
            *self._ENTITY_COLUMNS,
            *("aliases", "note", "name", "acronym", "country", "kind", "parent_id"),
            "description",
            *_JA_COLUMNS,
        ]
        self._write_batches("agencies", _table(Agency), columns, self._batches(n, make_row))
        # Zipf over agencies: a few take part in a great deal (hundreds of relations).
        self.agency_cum = self._zipf_cum(n)

    def agreements(self) -> None:
        n = self.counts["agreements"]
        rng = self.rng
        kinds = [str(k) for k in AgreementKind]
        statuses = ["", *(str(s) for s in AgreementStatus)]

        def make_row(pk: int, relations: dict) -> tuple:
            kind = rng.choice(kinds)
            label = AgreementKind(kind).label.lower()
            name = f"{self._name_word()} {self._name_word().lower()} {label} {pk}"
            signed_on, precision = self._date() if rng.random() < 0.85 else (None, "")
            parties = self._pick(self.agency_cum, rng.randint(2, 4))
            self._relate(relations, Agreement, "parties", ((pk, a + 1) for a in parties))
            technologies = self._technology_ids(rng.randint(1, 4))
            self._relate(relations, Agreement, "technologies", ((pk, t) for t in technologies))
            if pk > 1 and rng.random() < 0.1:
                self._relate(relations, Agreement, "builds_on", [(pk, rng.randrange(1, pk))])
            return (
                *self._entity(pk, slugify(name)),
                name,
                f"A{pk}" if rng.random() < 0.3 else "",
                kind,
                rng.choice(statuses),
                rng.choice([None, True, False]),
                signed_on,
                precision,
                f"A synthetic {label} for benchmarking.",
                SYNTHETIC_NOTE,
                *japanese_name("agreement", pk),
            )

        columns = [
            *self._ENTITY_COLUMNS,
            *("name", "acronym", "kind", "status", "legally_binding", "signed_on"),
            *("signed_on_precision", "summary", "note"),
            *_JA_COLUMNS,
        ]
        self._write_batches("agreements", _table(Agreement), columns, self._batches(n, make_row))

    def events(self) -> None:
        n = self.counts["events"]
        agreements = self.counts["agreements"]
        rng = self.rng
        kinds = [str(k) for k in EventKind]

        def make_row(pk: int, relations: dict) -> tuple:
            kind = rng.choice(kinds)
            city = rng.choice(_CITIES)
            label = EventKind(kind).label
            name = f"{label} on {self._name_word().lower()} in {city} {pk}"
            date, precision = self._date(1990, 2026)
            participants = self._pick(self.agency_cum, rng.randint(1, 5))
            self._relate(relations, Event, "participants", ((pk, a + 1) for a in participants))
            technologies = self._technology_ids(rng.randint(0, 3)) if rng.random() < 0.8 else []
            self._relate(relations, Event, "technologies", ((pk, t) for t in technologies))
            linked = sorted({rng.randint(1, agreements) for _ in range(rng.randint(0, 2))})
            self._relate(relations, Event, "agreements", ((pk, a) for a in linked))
            return (
                *self._entity(pk, slugify(name)),
                name,
                kind,
                date,
                precision,
                city if rng.random() < 0.7 else "",
                f"A synthetic {label.lower()}.",
                SYNTHETIC_NOTE,
                *japanese_name("event", pk),
            )

        columns = [
            *self._ENTITY_COLUMNS,
            *("name", "kind", "date", "date_precision", "location", "summary", "note"),
            *_JA_COLUMNS,
        ]
        self._write_batches("events", _table(Event), columns, self._batches(n, make_row))

    # --- sources and citations

    def sources(self) -> None:
        n = self.counts["sources"]
        rng = self.rng
        self.citation_pk = 0  # explicit ids keep the whole corpus deterministic
        # Every entity is cited at least once (round robin), popular ones more.
        targets = (
            [("agreement_id", i + 1) for i in range(self.counts["agreements"])]
            + [("agency_id", i + 1) for i in range(self.counts["agencies"])]
            + [("technology_id", i + 1) for i in range(self.counts["technologies"])]
            + [("event_id", i + 1) for i in range(self.counts["events"])]
        )
        target_columns = ("agreement_id", "agency_id", "technology_id", "event_id")
        citation_key = (
            _table(Citation),
            ("id", "source_id", *target_columns, "field", "quote", "claim", "locator"),
        )

        def make_row(pk: int, relations: dict) -> tuple:
            paragraphs = article_sentences(rng, rng.randint(*WORDS_PER_ARTICLE))
            sentences = [s for p in paragraphs for s in p]
            text = "\n\n".join(" ".join(p) for p in paragraphs)
            title = " ".join(sentences[0].rstrip(".").split()[:9]).title()
            chosen = [targets[(pk - 1) % len(targets)]]
            for _ in range(rng.randint(0, 2)):
                if rng.random() < 0.5:
                    chosen.append(("agency_id", self._pick(self.agency_cum, 1)[0] + 1))
                else:
                    chosen.append(("technology_id", self._technology_ids(1)[0]))
            quotes = rng.sample(sentences, min(len(sentences), len(chosen)))
            citations = relations.setdefault(citation_key, [])
            for (column, target), quote in dict(zip(chosen, quotes, strict=False)).items():
                ids = tuple(target if c == column else None for c in target_columns)
                self.citation_pk += 1
                citations.append(
                    (self.citation_pk, pk, *ids, "", quote[:QUOTE_MAX_LENGTH].rstrip(), "", "")
                )
            published_on, precision = self._date(1995, 2026)
            return (
                *self._entity(pk, f"{slugify(title)[:100]}-{pk}"),
                title,
                json.dumps([f"{self._name_word()} {self._name_word()}"]),
                rng.choice(_PUBLISHERS),
                published_on,
                precision,
                "",
                SYNTHETIC_ORIGIN,
                f"A synthetic article of {sum(len(s.split()) for s in sentences)} words.",
                SYNTHETIC_NOTE,
                text,
                "en",  # the language of the text (issue 15): the synthetic articles are English
            )

        columns = [
            *self._ENTITY_COLUMNS,
            *("title", "authors", "publisher", "published_on", "published_on_precision"),
            *("original_url", "origin_file", "summary", "note", "text", "language"),
        ]
        self._write_batches("sources", _table(Source), columns, self._batches(n, make_row))

    # --- all of it

    def run(self) -> None:
        started = time.monotonic()
        self.technologies()
        self.agencies()
        self.agreements()
        self.events()
        self.sources()
        self._reset_sequences()
        self.seconds = time.monotonic() - started

    def _reset_sequences(self) -> None:
        sql = self.connection.ops.sequence_reset_sql(
            no_style(), [Technology, Agency, Agreement, Event, Source, Citation]
        )
        with self.connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


# --------------------------------------------------------------------------- guards


def existing_content(using: str) -> dict[str, int]:
    """Counts of real and of synthetic rows; a corpus may only replace synthetic ones."""
    real = (
        sum(
            model.objects.using(using).exclude(note=SYNTHETIC_NOTE).count()
            for model in (Agreement, Event, Source, Agency, Technology)
        )
        + Citation.objects.using(using).exclude(source__note=SYNTHETIC_NOTE).count()
    )
    synthetic = Source.objects.using(using).filter(note=SYNTHETIC_NOTE).count() + sum(
        model.objects.using(using).filter(note=SYNTHETIC_NOTE).count()
        for model in (Agreement, Event, Agency, Technology)
    )
    return {"real": real, "synthetic": synthetic}


def content_tables() -> list[str]:
    """The tables a corpus fills: relations first, then entities (deletion order)."""
    tables = [_table(m) for m in CONTENT_MODELS]
    for model, fields in (
        (Agreement, ("parties", "technologies", "builds_on")),
        (Event, ("participants", "technologies", "agreements")),
    ):
        tables[:0] = [_m2m(model, f)[0] for f in fields]
    return tables


def delete_synthetic(using: str) -> None:
    """Empty the content tables; only called once they are known to hold no real data."""
    connection = connections[using]
    tables = content_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending in this transaction (a corpus
            # written earlier in it) would make TRUNCATE fail: run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            # Self-references (parents) are cleared before their rows go.
            for model in (Agency, Technology):
                cursor.execute(f"UPDATE {_table(model)} SET parent_id = NULL")
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
