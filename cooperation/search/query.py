"""The web-search syntax people type, parsed once for every backend.

`hypersonic missile` (all words), `"dual use"` (a phrase), `drones OR robotics`,
`-china` (exclusion). Anything else — engine operators, unbalanced quotes,
punctuation, NUL bytes — is treated as plain text: only runs of letters and
digits ever reach a database, each backend quotes them, and raw user text is
never passed to a full-text engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Queries longer than this are cut (and the page says so).
MAX_QUERY_LENGTH = 200
# At most this many clauses are used; the rest of a long query is ignored.
MAX_CLAUSES = 12

# Letters and digits; "_" is excluded because database word parsers split on it.
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True)
class Phrase:
    """One word, or several that must appear next to each other."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """Alternatives joined by OR; a negated clause excludes entries."""

    alternatives: tuple[Phrase, ...]
    negated: bool = False


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)

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
    def is_plain(self) -> bool:
        """Only words and phrases: the query may be an exact name or acronym."""
        return all(not c.negated and len(c.alternatives) == 1 for c in self.clauses)

    @property
    def plain_key(self) -> str:
        return " ".join(" ".join(c.alternatives[0].words) for c in self.clauses)

    @property
    def words(self) -> list[str]:
        """The positive words, for typo correction."""
        return [w for c in self.positive for p in c.alternatives for w in p.words]


def clean_text(raw: str) -> str:
    """Drop NUL and other control characters no database or page should see."""
    return "".join(ch for ch in raw if ch >= " " or ch in "\t\n").strip()


def normalise(text: str) -> str:
    """The comparison form of a name: casefolded words separated by single spaces."""
    return " ".join(WORD.findall(text.casefold()))


def _phrase(token: str) -> Phrase | None:
    words = tuple(WORD.findall(token.casefold()))
    return Phrase(words) if words else None


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery(text=text)
    pending_or = False
    for match in TOKEN.finditer(text):
        token = match.group()
        if token == "OR":
            pending_or = bool(parsed.clauses) and not parsed.clauses[-1].negated
            continue
        negated = token.startswith("-") and len(token) > 1
        if negated:
            token = token[1:]
        phrase = _phrase(token)
        if phrase is None:
            continue
        if pending_or and not negated:
            last = parsed.clauses[-1]
            if phrase not in last.alternatives:
                parsed.clauses[-1] = Clause((*last.alternatives, phrase))
        elif len(parsed.clauses) < MAX_CLAUSES:
            clause = Clause((phrase,), negated)
            if clause not in parsed.clauses:
                parsed.clauses.append(clause)
        pending_or = False
    return parsed


def to_text(parsed: ParsedQuery, replace: dict[str, str] | None = None) -> str:
    """The query written back in web syntax, with some words replaced (for "Did you mean")."""
    replace = replace or {}

    def phrase(p: Phrase) -> str:
        words = [replace.get(w, w) for w in p.words]
        return f'"{" ".join(words)}"' if len(words) > 1 else words[0]

    return " ".join(
        ("-" if c.negated else "") + " OR ".join(phrase(p) for p in c.alternatives)
        for c in parsed.clauses
    )
