"""The web-search syntax people type, parsed once for every backend.

`hypersonic missile` (all words), `"dual use"` (a phrase), `drones OR robotics`
(also `|`), `-china` or `NOT china` (exclusion); `AND` and `+` change nothing,
since every word must match anyway. Anything else — engine operators,
unbalanced quotes, punctuation, NUL bytes — is treated as plain text: only runs
of letters and digits (SQLite) or a phrase's own text read by PostgreSQL's
phrase parser, which has no syntax, ever reach a database.

Very common words ("the", "of") are not searched, on either database:
PostgreSQL's index leaves them out, so SQLite must not require them either.

Japanese is read by the analyser (`japanese.py`) into the words the index holds:
防衛装備庁 is the phrase 防衛 装備 庁, DARPAとの協力 the two clauses DARPA and 協力, and a
query in kana is also tried as a reading (ぼうえいしょう finds 防衛省).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import japanese

# Queries longer than this are cut (and the page says so).
MAX_QUERY_LENGTH = 200
# At most this many clauses are used; the rest of a long query is ignored.
MAX_CLAUSES = 12

# Letters and digits; "_" is excluded because database word parsers split on it.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'-?"[^"]*"?|\S+')
# "Japan's" is Japan: PostgreSQL drops the "s" as a stop word, so SQLite must too.
POSSESSIVE = re.compile(r"(?<=[^\W_])['’]s(?![^\W_])", re.IGNORECASE)
OR_TOKENS = {"OR", "|", "||"}
AND_TOKENS = {"AND", "&", "&&", "+"}
NOT_TOKENS = {"NOT"}
# PostgreSQL's English stop words (tsearch_data/english.stop): its index has
# no entry for them, so a query word from this list can match nothing there.
_ENGLISH_STOP = """i me my myself we our ours ourselves you your yours yourself yourselves he
    him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
STOP_WORDS = frozenset(_ENGLISH_STOP.split())


@dataclass(frozen=True)
class Phrase:
    """One word, or several that must appear next to each other.

    `text` is what the user typed for it (quotes and "-" removed): PostgreSQL's
    parser reads it the way it read the documents ("U.S." is one token there).
    """

    words: tuple[str, ...]
    text: str = field(default="", compare=False)
    # A Japanese phrase as it was typed (防衛装備庁), written back by to_text();
    # its `text` is then its words, space-separated, which every parser splits alike.
    typed: str = field(default="", compare=False)
    # The reading tried beside a query typed in kana: not written back.
    reading: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by OR; a negated clause excludes entries."""

    alternatives: tuple[Phrase, ...]
    negated: bool = False


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    # Words left out because they are too common to search ("the", "of").
    common: list[str] = field(default_factory=list)
    # Whether the query used any syntax (OR, exclusion, AND, NOT).
    operators: bool = False

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def searchable(self) -> bool:
        """A query needs something to find: exclusions alone would list everything."""
        return bool(self.positive)

    @property
    def only_common_words(self) -> bool:
        """Nothing to search for but words too common to be searched."""
        return not self.searchable and bool(self.common)

    @property
    def is_plain(self) -> bool:
        """Only words and phrases: the query may be an exact name or acronym."""
        return not self.operators and bool(self.clauses)

    @property
    def plain_key(self) -> str:
        """The query as type-ahead keys are stored, common words included."""
        return normalise(self.text) if self.is_plain else ""

    @property
    def japanese_name(self) -> str:
        """The words of a query that is one Japanese name (防衛装備庁), as the first line
        of the index's names_ja holds an entry's own name: that entry comes before
        those that have the name as a short form (半導体, an alias of another area)."""
        if not self.is_plain or len(self.clauses) != 1:
            return ""
        first = self.clauses[0].alternatives[0]
        return " ".join(first.words) if first.typed else ""

    @property
    def words(self) -> list[str]:
        """The positive words, for typo correction: a Japanese phrase as typed (防衛装備町),
        since its analysed words are too short to correct one by one."""
        return list(
            dict.fromkeys(
                w
                for c in self.positive
                for p in c.alternatives
                if not p.reading
                for w in ([normalise(p.typed)] if p.typed else p.words)
            )
        )


def clean_text(raw: str) -> str:
    """Drop NUL and other control characters no database or page should see."""
    return "".join(ch for ch in raw if ch >= " " or ch in "\t\n").strip()


def normalise(text: str) -> str:
    """The comparison form of a name: casefolded words separated by single spaces
    (katakana as hiragana, as the analyser's words are)."""
    return " ".join(WORD.findall(japanese.to_hiragana(text.casefold())))


def _phrase(token: str, common: list[str]) -> Phrase | None:
    """The phrase a token stands for, without the common words at its ends.

    PostgreSQL ignores those; inside a phrase it keeps their place, as SQLite's
    exact phrase does. Only whole typed words are dropped: "U.S." stays "u s".
    """
    chunks = POSSESSIVE.sub("", token.strip('"')).split()
    words_of = [tuple(WORD.findall(chunk.casefold())) for chunk in chunks]

    def is_common(words: tuple[str, ...]) -> bool:
        return all(w in STOP_WORDS for w in words)

    start, end = 0, len(chunks)
    while start < end and is_common(words_of[start]):
        start += 1
    while end > start and is_common(words_of[end - 1]):
        end -= 1
    words = tuple(w for found in words_of[start:end] for w in found)
    if not words:
        common.extend(w for found in words_of for w in found if w not in common)
        return None
    return Phrase(words, " ".join(chunks[start:end]))


def _japanese_clauses(token: str, common: list[str]) -> list[tuple[Phrase, ...]]:
    """The clauses (each a tuple of alternatives) a token with Japanese in it stands for.

    Its Latin parts are phrases of their own (SM-3ブロックIIA: SM-3, 3ブロック, IIA), each
    Japanese segment is cut at its particles unless quoted, and a segment in kana is
    also its reading.
    """
    quoted = token.startswith('"')
    body = token.strip('"')
    clauses, end = [], 0

    def latin(part: str) -> None:
        phrase = _phrase(part, common) if WORD.search(part) else None
        if phrase is not None:
            clauses.append((phrase,))

    for match in japanese.SEGMENT.finditer(body):
        latin(body[end : match.start()])
        end = match.end()
        segment = match.group()
        if quoted or japanese.is_kana(segment):
            groups = [(japanese.words(segment), segment)]
        else:
            groups = japanese.phrases(segment)
        groups = [(words, typed) for words, typed in groups if words]
        if not groups:
            common.append(segment)
        for group, typed in groups:
            phrase = Phrase(tuple(group), " ".join(group), typed=typed)
            alternatives = [phrase]
            reading = japanese.reading(segment) if japanese.is_kana(segment) else ""
            if reading and (reading,) != phrase.words:
                alternatives.append(Phrase((reading,), reading, reading=True))
            clauses.append(tuple(alternatives))
    latin(body[end:])
    return clauses


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery(text=text)
    pending_or = pending_not = False
    for match in TOKEN.finditer(text):
        token = match.group()
        if token in OR_TOKENS:
            pending_or = bool(parsed.clauses) and not parsed.clauses[-1].negated
            parsed.operators = True
            continue
        if token in AND_TOKENS:
            parsed.operators = True
            continue
        if token in NOT_TOKENS:
            pending_not = parsed.operators = True
            continue
        negated = pending_not or (token.startswith("-") and len(token) > 1)
        if token.startswith("-") and len(token) > 1:
            token = token[1:]
        parsed.operators |= negated
        if japanese.has_japanese(token):
            found = _japanese_clauses(token, parsed.common)
        else:
            phrase = _phrase(token, parsed.common)
            found = [(phrase,)] if phrase is not None else []
        pending_not = False
        if not found:
            continue
        if pending_or and not negated and len(found) == 1:
            last = parsed.clauses[-1]
            added = tuple(p for p in found[0] if p not in last.alternatives)
            parsed.clauses[-1] = Clause((*last.alternatives, *added))
        else:
            for alternatives in found:
                clause = Clause(alternatives, negated)
                if len(parsed.clauses) < MAX_CLAUSES and clause not in parsed.clauses:
                    parsed.clauses.append(clause)
        pending_or = False
    return parsed


def _same_case(typed: str, word: str) -> str:
    """A correction written as the user wrote the word: DAPRA → DARPA, Mitsubshi → Mitsubishi."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _reads_back(p: Phrase) -> bool:
    """Whether the phrase's own text, written back, parses to the same phrase."""
    if not p.text or p.text.startswith("-") or '"' in p.text or p.text in OR_TOKENS:
        return False
    return tuple(WORD.findall(p.text.casefold())) == p.words


def to_text(parsed: ParsedQuery, replace: dict[str, str] | None = None) -> str:
    """The query written back in web syntax, with some words replaced (for "Did you mean")."""
    replace = replace or {}

    def phrase(p: Phrase) -> str:
        if p.typed:
            typed = replace.get(normalise(p.typed), p.typed)
            return f'"{typed}"' if len(typed.split()) > 1 else typed
        if not any(w in replace for w in p.words) and _reads_back(p):
            # Kept as typed ("U.S."), so it finds what the typed text found.
            return f'"{p.text}"' if len(p.text.split()) > 1 else p.text
        typed = WORD.findall(p.text)
        if len(typed) != len(p.words):
            typed = list(p.words)
        words = [
            _same_case(t, replace[w]) if w in replace else t
            for t, w in zip(typed, p.words, strict=True)
        ]
        return f'"{" ".join(words)}"' if len(words) > 1 else words[0]

    return " ".join(
        ("-" if c.negated else "") + " OR ".join(phrase(p) for p in c.alternatives if not p.reading)
        for c in parsed.clauses
    )
