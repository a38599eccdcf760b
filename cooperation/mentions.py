"""Find the existing entries an article's text mentions, each with the sentence it occurs in,
and the names it gives that the knowledge base does not know yet.

A curator who adds a source is shown these mentions so that citing them is a matter of
ticking boxes. Matching finds what a reader finds: it compares words, not characters, so
it looks past what a reader looks past —

- possessives and articles ("Japan's Ministry of Defense", "the Quad"),
- straight and curly apostrophes, hyphens and dashes ("U.S.-Japan", "U.S.–Japan"),
- British and American spelling ("defence"), plurals ("microwaves"),
- word order in "X of Japan", "Japan's X", "Japanese X" and "X (Japan)";

acronyms (and words of a name written in capitals, like "AI") match case-sensitively, so
"ATLA" is not found in "Atlantic" and "AI" is not found in "said". Where names overlap the
longest wins, and a name written in lower case ("missile defense") is not read inside a
longer capitalised name ("Missile Defense Agency"): that is something else, listed among
the unknown names.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from .kinds import CITABLE
from .models import (
    QUOTE_MAX_LENGTH,
    Citation,
    DatePrecision,
    Source,
)

# The cited type (Citation's target field) → its model, in the order mentions are shown.
MENTIONABLE: dict[str, type] = {name: kind.model for name, kind in CITABLE.items()}

# A sentence ends at ., ! or ? followed by white space, or at a paragraph break.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+|\n+")
# ... but not after "U.S." or "Mr.": "U.S. President Joe Biden" is one sentence.
NOT_AN_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Adm|Lt|Col)\.$")
MIN_TERM_LENGTH = 2

# A word: "U.S." and "A.I." (letters with dots), "RDT&E", "5G", "Japan"; and "'s".
TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:&[^\W_]+)*|['’‘ʼ][sS](?![^\W_])")
DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")
# Looked past on both sides: articles, and the possessive "'s".
SKIPPED = {"the", "a", "an", "'s", "’s", "‘s", "ʼs"}
# Small words a capitalised name may hold: "Ministry of Defense", "Research and Development".
CONNECTORS = {"of", "for", "and", "on", "in", "to", "&", "de"}
# British spellings a reader takes for the American ones (and the other way round).
SPELLING = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "programme": "program",
    "centre": "center",
    "armour": "armor",
    "harbour": "harbor",
    "labour": "labor",
    "favour": "favor",
    "behaviour": "behavior",
    "catalogue": "catalog",
    "analyse": "analyze",
    "aeroplane": "airplane",
    "aluminium": "aluminum",
    "manoeuvre": "maneuver",
    "travelled": "traveled",
}
# Places whose names turn round: "Ministry of Defense of Japan", "Japan's Ministry of
# Defense", "Japanese Ministry of Defense".
PLACES: dict[str, tuple[str, ...]] = {
    "Japan": ("Japanese",),
    "China": ("Chinese",),
    "United States": ("U.S.", "American"),
    "U.S.": ("American",),
    "United Kingdom": ("British", "U.K."),
    "U.K.": ("British",),
    "Taiwan": ("Taiwanese",),
    "India": ("Indian",),
    "Australia": ("Australian",),
    "Italy": ("Italian",),
    "Korea": ("Korean",),
    "South Korea": ("South Korean",),
    "France": ("French",),
    "Germany": ("German",),
}


@dataclass
class Mention:
    target_type: str
    entity: object
    terms: list[str]
    sentence: str
    other_sentences: int = 0
    already_cited: bool = False
    key: str = ""
    # The quote this source's citation of the entry holds (what was saved, maybe edited).
    cited_quote: str = ""


@dataclass
class UnknownName:
    """A capitalised name or acronym of the text that no entry is known by."""

    name: str
    acronym: str
    sentence: str
    occurrences: int = 1


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # lower case, one spelling, singular: what two spellings of a word share
    cased: str  # as written, dots and a plural "s" dropped: what an acronym is compared with

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Term:
    keys: tuple[str, ...]
    cased: tuple[str | None, ...]  # per word: compared case-sensitively when not None
    proper: bool  # a name written capitalised (may sit inside a longer capitalised name)
    rank: int  # name first, then acronym, then aliases: the order "Named as" lists them


@dataclass
class Match:
    target_type: str
    entity: object
    start: int
    end: int
    text: str
    rank: int
    sentence: tuple[int, int]


def is_acronym(term: str) -> bool:
    """ "DARPA", "RDT&E", "AI" are acronyms; "Japan" and "3D printing" are not."""
    return any(c.isalpha() for c in term) and term == term.upper()


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def word_key(raw: str) -> str:
    """What two spellings of one word have in common."""
    word = raw.replace(".", "") if DOTTED.fullmatch(raw) else raw
    word = _singular(word.casefold())
    word = SPELLING.get(word, word)
    return word.replace("isation", "ization") if word.endswith("isation") else word


def _cased(raw: str) -> str:
    word = raw.replace(".", "") if DOTTED.fullmatch(raw) else raw
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]  # "UAVs" is the plural of "UAV"
    return word


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [
        Token(m.start(), m.end(), m.group(0), word_key(m.group(0)), _cased(m.group(0)))
        for m in TOKEN.finditer(text, start, end)
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, so a quote is always a verbatim slice of the text."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if "\n" not in match.group(0) and NOT_AN_END.search(text, start, match.start()):
            continue
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# Names and their variants ------------------------------------------------------------

_PLACE_NAMES = sorted(PLACES, key=len, reverse=True)
_ADJECTIVES = {adj: place for place, adjs in PLACES.items() for adj in adjs if adj[0].isalpha()}
_PLACE_RE = "|".join(re.escape(p) for p in _PLACE_NAMES)
_OF_PLACE = re.compile(rf"^(?P<base>.+?),? of (?:the )?(?P<place>{_PLACE_RE})$")
_PLACES_BASE = re.compile(rf"^(?:the )?(?P<place>{_PLACE_RE})(?:['’]s)? (?P<base>.+)$")
_ADJ_BASE = re.compile(
    rf"^(?P<adj>{'|'.join(re.escape(a) for a in sorted(_ADJECTIVES, key=len, reverse=True))}) "
    r"(?P<base>.+)$"
)
_QUALIFIED = re.compile(r"^(?P<base>.+?)\s*\((?P<qualifier>[^()]+)\)$")


def _owned(base: str, owner: str) -> list[str]:
    """The ways to say "base of owner"."""
    forms = [f"{base} of {owner}", f"{owner}'s {base}", f"{owner} {base}"]
    forms += [f"{adjective} {base}" for adjective in PLACES.get(owner, ())]
    return forms


def variants(term: str) -> list[str]:
    """The term and the other word orders a writer may give it in."""
    found = [term]
    qualified = _QUALIFIED.match(term)
    if qualified:
        base, qualifier = qualified["base"], qualified["qualifier"].strip()
        if qualifier[:1].isupper() and not any(c.isdigit() for c in qualifier):
            found += _owned(base, qualifier)  # "Ministry of Defense (Japan)"
        else:
            found.append(base)  # "(planned)", "(April 2021)"
        if is_acronym(qualifier):
            found.append(base)  # "Defense Advanced Research Projects Agency (DARPA)"
    for pattern in (_OF_PLACE, _PLACES_BASE):
        turned = pattern.match(term)
        if turned:
            found += _owned(turned["base"], turned["place"])
    adjective = _ADJ_BASE.match(term)
    if adjective:
        found += _owned(adjective["base"], _ADJECTIVES[adjective["adj"]])
    return list(dict.fromkeys(found))


def _term(text: str, rank: int, sentence_case: bool, by_case: bool = True) -> Term | None:
    words = [t for t in tokenize(text) if t.key not in SKIPPED]
    if not words or len(text.strip()) < MIN_TERM_LENGTH:
        return None
    # A word written in capitals is an acronym, compared as written: "AI" is not "ai".
    cased = tuple(
        w.cased if by_case and w.cased.isupper() and w.cased.upper() != w.cased.lower() else None
        for w in words
    )
    content = [w for w in words if w.key not in CONNECTORS]
    if sentence_case:
        content = content[1:]  # "Ballistic missile defense": a name starts with a capital
    proper = bool(content) and all(w.capitalised for w in content)
    return Term(tuple(w.key for w in words), cased, proper, rank)


def terms_of(entity, target_type: str = "") -> list[Term]:
    """The terms an entity is known by, in every word order."""
    written: list[tuple[str, bool]] = []
    name = getattr(entity, "name", "") or ""
    # Technology areas are common nouns named in sentence case ("Hypersonics").
    written.append((name, target_type == "technology"))
    written.append((getattr(entity, "acronym", "") or "", False))
    written += [(alias, False) for alias in getattr(entity, "aliases", None) or []]
    terms: dict[tuple, Term] = {}
    for rank, (text, sentence_case) in enumerate(written):
        for variant in variants(text.strip()) if text.strip() else []:
            # A name is matched in any case ("5G" in "5g"), as before; acronyms and the
            # words of aliases written in capitals only as written.
            term = _term(variant, rank, sentence_case, by_case=rank > 0)
            if term is not None and (term.keys, term.cased) not in terms:
                terms[(term.keys, term.cased)] = term
    return list(terms.values())


class MentionIndex:
    """Every term of every entry, looked up by its first word."""

    def __init__(self, entries: dict[str, list]):
        self.by_first: dict[str, list[tuple[Term, str, object]]] = defaultdict(list)
        self.known_keys: set[tuple[str, ...]] = set()
        # Words written in capitals inside known names: "MOU" of "MOU for RDT&E", "U.S.".
        self.acronym_words: set[str] = {_cased(p) for p in PLACES if p.isupper()}
        for target_type, entities in entries.items():
            for entity in entities:
                for term in terms_of(entity, target_type):
                    self.by_first[term.keys[0]].append((term, target_type, entity))
                    self.known_keys.add(term.keys)
                    self.acronym_words.update(c for c in term.cased if c)

    @classmethod
    def from_database(cls) -> MentionIndex:
        return cls(
            {name: list(model.objects.order_by("name")) for name, model in MENTIONABLE.items()}
        )

    def find(self, text: str) -> list[Match]:
        """Every mention in the text, longest first where they overlap."""
        found: list[Match] = []
        for span in sentence_spans(text):
            found += self._find_in_sentence(text, span)
        return found

    def _find_in_sentence(self, text: str, span: tuple[int, int]) -> list[Match]:
        tokens = tokenize(text, *span)
        words = [t for t in tokens if t.key not in SKIPPED]
        names = capitalised_runs(tokens)
        candidates: dict[tuple[int, int], list[tuple[Term, str, object]]] = defaultdict(list)
        for i, first in enumerate(words):
            for term, target_type, entity in self.by_first.get(first.key, ()):
                n = len(term.keys)
                window = words[i : i + n]
                if len(window) < n or any(
                    w.key != k or (c is not None and w.cased != c)
                    for w, k, c in zip(window, term.keys, term.cased, strict=True)
                ):
                    continue
                start, end = window[0].start, window[-1].end
                if not term.proper and _inside_a_longer_name(window, names):
                    continue
                candidates[(start, end)].append((term, target_type, entity))
        chosen: list[tuple[int, int]] = []
        matches: list[Match] = []
        # Longest first; a shorter name inside a chosen one is part of it, not a mention.
        for start, end in sorted(candidates, key=lambda s: (s[0] - s[1], s[0])):
            if any(start < e and s < end for s, e in chosen):
                continue
            chosen.append((start, end))
            seen = set()
            for term, target_type, entity in candidates[(start, end)]:
                if (target_type, entity.pk) in seen:
                    continue
                seen.add((target_type, entity.pk))
                matches.append(
                    Match(target_type, entity, start, end, text[start:end], term.rank, span)
                )
        return sorted(matches, key=lambda m: m.start)


def capitalised_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last) token indexes of each run of capitalised words ("Missile Defense Agency",
    "Ministry of Defense"), small connecting words allowed inside."""
    runs, start = [], None
    for i, token in enumerate(tokens):
        if token.capitalised:
            if start is None:
                start = i
            continue
        if (
            start is not None
            and token.key in CONNECTORS
            and (i + 1 < len(tokens) and tokens[i + 1].capitalised)
        ):
            continue
        if start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(tokens) - 1))
    return [(tokens[a].start, tokens[b].end) for a, b in runs]


def _inside_a_longer_name(window: list[Token], names: list[tuple[int, int]]) -> bool:
    if not all(w.capitalised for w in window):
        return False
    start, end = window[0].start, window[-1].end
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in names)


# The mentions page ------------------------------------------------------------------


def _quote_around(text: str, span: tuple[int, int], at: int) -> str:
    """The sentence, or a window of it around the mention when it is too long to quote."""
    start, end = span
    if end - start > QUOTE_MAX_LENGTH:
        start = max(start, at - QUOTE_MAX_LENGTH // 2)
        end = min(end, start + QUOTE_MAX_LENGTH)
    return text[start:end].strip()


def find_mentions(source: Source, index: MentionIndex | None = None) -> list[Mention]:
    """Each existing entry the source's text names, with the first sentence naming it.

    One row per entry keeps the list short; `other_sentences` says how many more
    sentences name it, and the curator may replace the quote with any of them.
    """
    text = source.text or ""
    index = index or MentionIndex.from_database()
    cited: dict[tuple[str, int], str] = {}
    for citation in Citation.objects.filter(source=source).order_by("pk"):
        for target_type in MENTIONABLE:
            target_id = getattr(citation, f"{target_type}_id")
            if target_id:
                cited.setdefault((target_type, target_id), citation.quote)
    by_entry: dict[tuple[str, int], list[Match]] = defaultdict(list)
    for match in index.find(text):
        by_entry[(match.target_type, match.entity.pk)].append(match)
    mentions: list[Mention] = []
    for (target_type, pk), matches in by_entry.items():
        first = min(matches, key=lambda m: m.start)
        sentences = {m.sentence for m in matches}
        terms = [m.text for m in sorted(matches, key=lambda m: (m.rank, m.start))]
        mentions.append(
            Mention(
                target_type=target_type,
                entity=first.entity,
                terms=list(dict.fromkeys(re.sub(r"\s+", " ", t) for t in terms)),
                sentence=_quote_around(text, first.sentence, first.start),
                other_sentences=len(sentences) - 1,
                already_cited=(target_type, pk) in cited,
                key=f"{target_type}-{pk}",
                cited_quote=cited.get((target_type, pk), ""),
            )
        )
    # Entries that cite the source without being named in it (an event created from one of
    # its sentences) are listed too, so the curator sees what they just created.
    unnamed: dict[str, list[int]] = defaultdict(list)
    for target_type, pk in cited:
        if (target_type, pk) not in by_entry:
            unnamed[target_type].append(pk)
    for target_type, pks in unnamed.items():
        for entity in MENTIONABLE[target_type].objects.filter(pk__in=pks):
            quote = cited[(target_type, entity.pk)]
            mentions.append(
                Mention(
                    target_type=target_type,
                    entity=entity,
                    terms=[],
                    sentence=quote,
                    already_cited=True,
                    key=f"{target_type}-{entity.pk}",
                    cited_quote=quote,
                )
            )
    order = list(MENTIONABLE)
    mentions.sort(key=lambda m: (order.index(m.target_type), m.entity.name, m.entity.pk))
    return mentions


# Names the knowledge base does not know ------------------------------------------------

# Capitalised because they start a sentence or a title, not because they are names.
_NOT_NAMES_TEXT = """
    The A An In On At For By But And Or As This That These Those Its It Their Our His Her
    We They He She I You According During Via Under With From After Before Although Despite
    Because While When If Further Furthermore However First Second Third Perhaps Unlike
    Around Within Behind Keeping Seizing Expect Other Both Each Many Some Among Left Right
    Officials Official Prime Minister President Secretary Minister Mr Mrs Ms Dr Director
    Defense Deputy State Vice Chief General Admiral Senator Ambassador Professor Foreign
    Former New Last Next Then There Here Such What Why How Where Who One Two Three Also Today
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Author Related Comments
    """
NOT_NAMES = {word.casefold() for word in _NOT_NAMES_TEXT.split()}
# An acronym list entry needs two capitals; roman numerals and shouted words are not names.
ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9&]{2,10}s?$")
ROMAN = re.compile(r"^[IVXLC]+$")


def unknown_names(text: str, index: MentionIndex, matches: list[Match]) -> list[UnknownName]:
    """Capitalised names of two words or more, and acronyms, that no entry is known by.

    "Glide Phase Interceptor (GPI)" is one name with its acronym; a name that contains a
    known one ("Missile Defense Agency" around "missile defense") is listed.
    """
    known = [(m.start, m.end) for m in matches]
    found: dict[str, UnknownName] = {}
    for span in sentence_spans(text):
        tokens = tokenize(text, *span)
        for start, end in capitalised_runs(tokens):
            run = [t for t in tokens if start <= t.start and t.end <= end]
            for piece in _name_pieces(text, run, known):
                acronyms = [t for t in piece if _is_unknown_acronym(t, index)]
                words = [t for t in piece if not ACRONYM.match(t.text)]
                if len(words) >= 2 and not _overlaps(words[0].start, words[-1].end, known):
                    given = _acronym_after(text, words[-1].end, span[1])
                    if tuple(w.key for w in words) not in index.known_keys and not (
                        given and (word_key(given),) in index.known_keys
                    ):
                        sentence = _quote_around(text, span, words[0].start)
                        _add(found, text[words[0].start : words[-1].end], given, sentence)
                for token in acronyms:
                    if not _overlaps(token.start, token.end, known):
                        _add(found, token.cased, "", _quote_around(text, span, token.start))
    # An acronym given with its name is not listed again on its own.
    with_names = {u.acronym for u in found.values() if u.acronym}
    listed = [u for u in found.values() if not (not u.acronym and u.name in with_names)]
    return sorted(listed, key=lambda u: -u.occurrences)


def _name_pieces(text: str, run: list[Token], known: list[tuple[int, int]]) -> list[list[Token]]:
    """A run of capitalised words cut where punctuation or "and" joins two names,
    without the titles and sentence openers around them."""
    pieces: list[list[Token]] = [[]]
    for token in run:
        previous = pieces[-1][-1] if pieces[-1] else None
        if _overlaps(token.start, token.end, known):
            pieces.append([])  # a known name ends the unknown one before it
            continue
        if previous is not None and re.search(r"[^\s\-‐–—'’&]", text[previous.end : token.start]):
            pieces.append([])
        pieces[-1].append(token)
    cut: list[list[Token]] = []
    for piece in pieces:
        current: list[Token] = []
        for i, token in enumerate(piece):
            following = piece[i + 1] if i + 1 < len(piece) else None
            if token.key == "in" or (
                token.key == "and"
                and (
                    len(current) == 1
                    or i + 2 >= len(piece)
                    or following.text.casefold() in NOT_NAMES
                    or following.text in PLACES
                )
            ):
                cut.append(current)
                current = []
                continue
            current.append(token)
        cut.append(current)
    trimmed = []
    for piece in cut:
        while piece and (
            piece[0].text.casefold() in NOT_NAMES
            or piece[0].text in _ADJECTIVES
            or piece[0].text in PLACES
            or piece[0].key in SKIPPED | CONNECTORS
        ):
            piece = piece[1:]
        while piece and piece[-1].key in CONNECTORS | SKIPPED:
            piece = piece[:-1]
        if piece:
            trimmed.append(piece)
    return trimmed


def _is_unknown_acronym(token: Token, index: MentionIndex) -> bool:
    return (
        bool(ACRONYM.match(token.text))
        and not ROMAN.match(token.text)
        and (token.key,) not in index.known_keys
        and token.cased not in index.acronym_words
    )


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _acronym_after(text: str, at: int, limit: int) -> str:
    """The acronym a name is followed by: "Glide Phase Interceptor (GPI)" → "GPI"."""
    given = re.match(r"\s*\(([A-Z][A-Za-z0-9&]{1,9})\)", text[at:limit])
    return given.group(1) if given and ACRONYM.match(given.group(1)) else ""


def _add(found: dict[str, UnknownName], name: str, acronym: str, sentence: str) -> None:
    name = re.sub(r"\s+", " ", name)
    key = name.casefold()
    if key in found:
        found[key].occurrences += 1
        found[key].acronym = found[key].acronym or acronym
    else:
        found[key] = UnknownName(name=name, acronym=acronym, sentence=sentence)


# Dates a sentence gives -----------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = [
    (re.compile(rf"\b(?P<day>\d{{1,2}}) {_MONTH},? {_YEAR}\b", re.I), DatePrecision.DAY),
    (re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}}),? {_YEAR}\b", re.I), DatePrecision.DAY),
    (re.compile(rf"\b{_MONTH},? {_YEAR}\b", re.I), DatePrecision.MONTH),
    (re.compile(rf"(?<![\d$.,])\b{_YEAR}\b(?![\d,.]\d)"), DatePrecision.YEAR),
]


def date_in(sentence: str) -> tuple[datetime.date, str] | None:
    """The first date a sentence gives, stored at its precision (month → the 1st)."""
    for pattern, precision in DATE_PATTERNS:
        found = pattern.search(sentence)
        if not found:
            continue
        parts = found.groupdict()
        month = MONTHS[parts["month"].casefold()] if parts.get("month") else 1
        day = int(parts["day"]) if parts.get("day") else 1
        try:
            return datetime.date(int(parts["year"]), month, day), precision
        except ValueError:
            continue
    return None
