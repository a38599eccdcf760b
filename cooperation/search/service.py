"""Search as the views use it: one call per page, a fixed number of queries."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext_lazy

from ..kinds import KINDS, kind_of
from ..models import SearchTerm, SearchWord
from .base import COUNT_CAP, RANK_CAP, Filters, SearchBackend
from .documents import MARK_END, MARK_START
from .japanese import has_japanese
from .postgresql import PostgreSQLBackend
from .query import (
    MAX_QUERY_LENGTH,
    Clause,
    ParsedQuery,
    clean_text,
    normalise,
    parse,
    to_text,
)
from .sqlite import SQLiteBackend

BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SQLiteBackend,
    "postgresql": PostgreSQLBackend,
}
PER_PAGE = 20
# Exact name matches looked up per query, at most.
EXACT_LIMIT = 50
# No query ranks more candidates than its tiers' caps allow: pages past this never exist.
MAX_PAGE = -(-(3 * RANK_CAP + EXACT_LIMIT) // PER_PAGE)
# Below this many results, a spelling correction is looked for.
SUGGEST_BELOW = 3
# Words corrected per query, at most.
MAX_CORRECTIONS = 4
TYPEAHEAD_LIMIT = 8
TYPEAHEAD_MAX_PREFIX = 100
# Key lengths a Japanese prefix reads one by one, from its own (see typeahead).
TYPEAHEAD_JAPANESE_LENGTHS = 8


def get_backend() -> SearchBackend:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"No search backend for {connection.vendor}") from None


class PageNotFound(Exception):
    pass


def prepare(raw: str) -> tuple[str, bool]:
    """Clean the user's text and cut it at MAX_QUERY_LENGTH; says whether it was cut."""
    text = clean_text(raw)
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def marked(text: str) -> SafeString:
    """HTML-escape first, then turn the backend's markers into <mark>."""
    escaped = html.escape(text.strip(), quote=False)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@dataclass
class Result:
    type: str
    slug: str
    name: str
    url: str
    snippet: SafeString
    matched_in: list[str]
    exact: bool
    name_ja: str = ""

    def __str__(self) -> str:
        # The English name, as an entry's: {{ result|local_name }} and
        # {{ result|name_beside }} read it and `name_ja` as they do an entry's.
        return self.name

    @property
    def type_label(self) -> str:
        return KINDS[self.type].label

    def as_json(self) -> dict:
        return {
            "type": self.type,
            "slug": self.slug,
            "name": self.name,
            "name_ja": self.name_ja,
            "url": self.url,
            "snippet": str(self.snippet),
        }


@dataclass
class Facet:
    type: str
    count: int
    capped: bool

    @property
    def label(self) -> str:
        return KINDS[self.type].label


@dataclass
class SearchResults:
    text: str
    query: ParsedQuery
    filters: Filters
    page: int = 1
    count: int = 0
    count_capped: bool = False
    ranked_total: int = 0
    results: list[Result] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    suggestion: str | None = None
    suggestion_count: int = 0
    suggestion_capped: bool = False
    # When nothing matches all the words: the words joined by OR, and what that finds.
    any_word: str | None = None
    any_word_count: int = 0
    any_word_capped: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.ranked_total // PER_PAGE))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def ranking_capped(self) -> bool:
        """More matches than were ranked: the page lists the best-ranked candidates."""
        return self.ranked_total < self.count or self.count_capped

    @property
    def start(self) -> int:
        return (self.page - 1) * PER_PAGE + 1


def _counts(backend: SearchBackend, query: ParsedQuery, filters: Filters):
    per_type = backend.type_counts(query, filters) if query.searchable else {}
    facets = [
        Facet(t, min(per_type.get(t, (0, False))[0], COUNT_CAP), per_type.get(t, (0, False))[1])
        for t in KINDS
    ]
    chosen = [f for f in facets if not filters.entity_type or f.type == filters.entity_type]
    count = sum(f.count for f in chosen)
    capped = any(f.capped for f in chosen) or count > COUNT_CAP
    return facets, min(count, COUNT_CAP), capped


def _exact_ids(query: ParsedQuery) -> list[int]:
    if not query.is_plain or not query.plain_key:
        return []
    return list(
        SearchTerm.objects.filter(key=query.plain_key[:300], position=0)
        .values_list("entry_id", flat=True)
        .distinct()[:EXACT_LIMIT]
    )


def _edit_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting as one ("dapra", "darpa")."""
    before, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def _swaps(word: str) -> set[str]:
    """The word with two neighbouring letters swapped: the typos trigrams miss."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


def corrections(backend: SearchBackend, query: ParsedQuery) -> dict[str, str]:
    """Query words missing from the vocabulary of names → the nearest vocabulary word."""
    words = [w for w in dict.fromkeys(query.words) if 3 <= len(w) <= 40 and not w.isdigit()]
    if not words:
        return {}
    swaps = {w: _swaps(w) for w in words}
    # One query for the words themselves and their swapped forms, which share
    # too few trigrams with the word meant ("dapra" and "darpa" share none).
    known = dict(
        SearchWord.objects.filter(word__in=set(words).union(*swaps.values())).values_list(
            "word", "entries"
        )
    )
    replace = {}
    for word in [w for w in words if w not in known][:MAX_CORRECTIONS]:
        allowed = 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3
        candidates = [(c, known[c]) for c in sorted(swaps[word]) if c in known]
        candidates += backend.similar_words(word, 20)
        best = None
        for order, (candidate, uses) in enumerate(candidates):
            distance = _edit_distance(word, candidate)
            if distance <= allowed and (best is None or (distance, -uses, order) < best[0]):
                best = ((distance, -uses, order), candidate)
        if best:
            replace[word] = best[1]
    return replace


def _any_word(query: ParsedQuery) -> ParsedQuery | None:
    """The query with its words joined by OR, for "results for any of the words"."""
    if len(query.positive) < 2:
        return None
    alternatives = tuple(dict.fromkeys(p for c in query.positive for p in c.alternatives))
    return ParsedQuery(
        text=query.text, clauses=[Clause(alternatives), *query.negative], operators=True
    )


def search(raw: str, filters: Filters | None = None, page: int = 1) -> SearchResults:
    filters = filters or Filters()
    text, _ = prepare(raw)
    query = parse(text)
    found = SearchResults(text=text, query=query, filters=filters, page=page)
    if page > MAX_PAGE:
        raise PageNotFound
    if not query.searchable:
        if page > 1:
            raise PageNotFound
        found.facets = [Facet(t, 0, False) for t in KINDS]
        return found
    backend = get_backend()
    found.facets, found.count, found.count_capped = _counts(backend, query, filters)
    rows = []
    if found.count:
        rows, found.ranked_total = backend.ranked(
            query, filters, _exact_ids(query), (page - 1) * PER_PAGE, PER_PAGE
        )
    if page > 1 and not rows:
        raise PageNotFound
    lit = backend.highlights(query, [r.entry_id for r in rows])
    for row in rows:
        hl = lit.get(row.entry_id)
        found.results.append(_result(row, hl))
    if found.count < SUGGEST_BELOW:
        replace = corrections(backend, query)
        if replace:
            corrected = to_text(query, replace)
            _, count, capped = _counts(backend, parse(corrected), filters)
            if count > found.count:
                found.suggestion, found.suggestion_count = corrected, count
                found.suggestion_capped = capped
    broader = _any_word(query) if not found.count and not found.suggestion else None
    if broader is not None:
        _, count, capped = _counts(backend, broader, filters)
        if count:
            found.any_word, found.any_word_count, found.any_word_capped = (
                to_text(broader),
                count,
                capped,
            )
    return found


# "matched in: …" on a result, in the page's language.
MATCHED_IN = {
    "name": pgettext_lazy("matched in", "name"),
    "title": pgettext_lazy("matched in", "title"),
    "acronym": pgettext_lazy("matched in", "acronym"),
    "aliases": pgettext_lazy("matched in", "aliases"),
    "Japanese name": pgettext_lazy("matched in", "Japanese name"),
    "summary": pgettext_lazy("matched in", "summary"),
    "full text": pgettext_lazy("matched in", "full text"),
}


def _result(row, hl) -> Result:

    matched_in = []
    snippet = ""
    if hl is not None:
        lines = hl.names.split("\n")
        labels = [MATCHED_IN[KINDS[row.entity_type].title_field], MATCHED_IN["acronym"]]
        for number, line in enumerate(lines):
            label = labels[number] if number < 2 else MATCHED_IN["aliases"]
            if MARK_START in line and label not in matched_in:
                matched_in.append(label)
        if MARK_START in hl.names_ja:
            matched_in.append(MATCHED_IN["Japanese name"])
        if MARK_START in hl.summary:
            matched_in.append(MATCHED_IN["summary"])
        if MARK_START in hl.body:
            matched_in.append(MATCHED_IN["full text"])
        if MARK_START in hl.body and MARK_START not in hl.summary:
            snippet = hl.body
        else:
            snippet = hl.summary or hl.body
    return Result(
        type=row.entity_type,
        slug=row.slug,
        name=row.name,
        name_ja=row.name_ja,
        url=KINDS[row.entity_type].detail_url(row.slug),
        snippet=marked(snippet),
        matched_in=[str(label) for label in matched_in],
        exact=row.tier == 4,
    )


def typeahead(raw: str, limit: int = TYPEAHEAD_LIMIT) -> list[dict]:
    """Names, acronyms and aliases that start with what was typed (at a word start)."""
    prefix = normalise(clean_text(raw)[:TYPEAHEAD_MAX_PREFIX])
    if not prefix:
        return []
    # Japanese names share their first characters more than English ones do: 防衛 starts
    # thousands of keys at scale, and the short name a reader wants (防衛省) sorts late
    # among them bytewise. So a Japanese prefix reads the first keys of each length from
    # its own, whole names first, and only if those are too few the first keys of any
    # length (longer names, such as kana readings).
    in_japanese = has_japanese(prefix)
    if in_japanese:
        lengths = range(len(prefix), len(prefix) + TYPEAHEAD_JAPANESE_LENGTHS)
        rows = get_backend().shortest_terms(
            prefix, lengths, per_length=limit, shortest=2 * limit, longer=3 * limit
        )
    else:
        rows = get_backend().prefix_terms(prefix, 60)
    # An exact name or acronym first; then names that start with what was typed
    # (the user sees why they are offered), then acronyms and aliases that do,
    # then later words of a name; shorter names first within each. A Japanese
    # prefix matches Japanese names: the shorter Japanese name first (防衛省 and
    # 防衛装備庁 before 防衛分野における…).
    rows.sort(
        key=lambda r: (
            r[1] != prefix,
            not in_japanese and not normalise(r[5]).startswith(prefix),
            r[2] != 0,
            len(r[1]) if in_japanese else len(r[5]),
            r[5],
        )
    )

    seen, suggestions = set(), []
    japanese_page = translation.get_language() == "ja"
    for entry_id, _key, _position, entity_type, slug, name, name_ja in rows:
        if entry_id in seen:
            continue
        seen.add(entry_id)
        shown_ja = japanese_page and bool(name_ja)
        suggestions.append(
            {
                "name": name,
                "name_ja": name_ja,
                # The name in the page's language: on /ja/ the Japanese one, shown
                # first with the English `name` beside it (as on the entry's page).
                "label": name_ja if shown_ja else name,
                "type": entity_type,
                "type_label": str(KINDS[entity_type].label),
                "slug": slug,
                "url": KINDS[entity_type].detail_url(slug),
            }
        )
        if len(suggestions) == limit:
            break
    return suggestions


def filter_queryset(queryset, q: str):
    """Narrow a list page's queryset to the entries matching `q`, through the index."""
    text, _ = prepare(q)
    if not text:
        return queryset
    query = parse(text)
    # People narrow a list as they type ("semicon", a name cut mid-word): the
    # name or title containing the typed text also counts.
    kind = kind_of(queryset.model)
    typed = Q(**{f"{kind.title_field}__icontains": text})
    if has_japanese(text) and hasattr(queryset.model, "name_ja"):
        # Japanese typed so far is rarely a whole word yet (防衛装): the Japanese name too.
        typed |= Q(name_ja__icontains=text)
    if not query.searchable:
        return queryset.filter(typed) if not query.clauses else queryset.none()
    sql, params = get_backend().match_sql(query, kind.name)
    return queryset.filter(Q(pk__in=RawSQL(sql, params)) | typed)
