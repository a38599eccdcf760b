"""Find the existing entries an article's text mentions, each with the sentence it occurs in.

A curator who adds a source is shown these mentions so that citing them is a matter of
ticking boxes. Matching is by name, acronym and alias; whole words only; acronyms (and
aliases written in capitals, like "AI") match case-sensitively so "ATLA" is not found in
"Atlantic" and "AI" is not found in "said".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import CITABLE
from .models import QUOTE_MAX_LENGTH, Citation, Source

# The cited type (Citation's target field) → its model, in the order mentions are shown.
MENTIONABLE: dict[str, type] = {name: kind.model for name, kind in CITABLE.items()}

# A sentence ends at ., ! or ? followed by white space, or at a paragraph break.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+|\n+")
MIN_TERM_LENGTH = 2


@dataclass
class Mention:
    target_type: str
    entity: object
    terms: list[str]
    sentence: str
    other_sentences: int = 0
    already_cited: bool = False
    key: str = ""


def is_acronym(term: str) -> bool:
    """ "DARPA", "RDT&E", "AI" are acronyms; "Japan" and "3D printing" are not."""
    return any(c.isalpha() for c in term) and term == term.upper()


# Typographic variants an article and an entry's name may spell differently:
# "Japan's" and "Japan’s", "U.S.-Japan" and "U.S.–Japan".
EQUIVALENT_CHARACTERS = {"'": "'’‘", "’": "'’‘", "-": "-‐–—", "‐": "-‐–—", "–": "-‐–—", "—": "-‐–—"}


def term_pattern(term: str, case_sensitive: bool) -> re.Pattern:
    flags = 0 if case_sensitive else re.IGNORECASE
    body = "".join(
        f"[{re.escape(EQUIVALENT_CHARACTERS[c])}]" if c in EQUIVALENT_CHARACTERS else re.escape(c)
        for c in term
    )
    # Any run of white space (a line break in the article) matches a space in the name.
    body = body.replace(r"\ ", r"\s+")
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def terms_of(entity) -> list[tuple[str, bool]]:
    """(term, case_sensitive) pairs an entity is known by."""
    terms: list[tuple[str, bool]] = []
    name = getattr(entity, "name", "")
    if name:
        terms.append((name, False))
    acronym = getattr(entity, "acronym", "")
    if acronym:
        terms.append((acronym, True))
    for alias in getattr(entity, "aliases", None) or []:
        terms.append((alias, is_acronym(alias)))
    seen, unique = set(), []
    for term, case_sensitive in terms:
        term = term.strip()
        if len(term) >= MIN_TERM_LENGTH and (term, case_sensitive) not in seen:
            seen.add((term, case_sensitive))
            unique.append((term, case_sensitive))
    return unique


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, so a quote is always a verbatim slice of the text."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _quote_around(text: str, span: tuple[int, int], at: int) -> str:
    """The sentence, or a window of it around the mention when it is too long to quote."""
    start, end = span
    if end - start > QUOTE_MAX_LENGTH:
        start = max(start, at - QUOTE_MAX_LENGTH // 2)
        end = min(end, start + QUOTE_MAX_LENGTH)
    return text[start:end].strip()


def find_mentions(source: Source) -> list[Mention]:
    """Each existing entry the source's text names, with the first sentence naming it.

    One row per entry keeps the list short; `other_sentences` says how many more
    sentences name it, and the curator may replace the quote with any of them.
    """
    text = source.text or ""
    spans = sentence_spans(text)
    cited = {
        (target_type, getattr(c, f"{target_type}_id"))
        for c in Citation.objects.filter(source=source)
        for target_type in MENTIONABLE
        if getattr(c, f"{target_type}_id")
    }
    mentions: list[Mention] = []
    for target_type, model in MENTIONABLE.items():
        for entity in model.objects.order_by("name"):
            found: dict[tuple[int, int], int] = {}  # sentence span → first match offset
            terms: list[str] = []
            for term, case_sensitive in terms_of(entity):
                for match in term_pattern(term, case_sensitive).finditer(text):
                    span = next((s for s in spans if s[0] <= match.start() < s[1]), None)
                    if span is None:
                        continue
                    found.setdefault(span, match.start())
                    if match.group(0) not in terms:
                        terms.append(match.group(0))
            if not found:
                continue
            first = min(found)
            mentions.append(
                Mention(
                    target_type=target_type,
                    entity=entity,
                    terms=terms,
                    sentence=_quote_around(text, first, found[first]),
                    other_sentences=len(found) - 1,
                    already_cited=(target_type, entity.pk) in cited,
                    key=f"{target_type}-{entity.pk}",
                )
            )
    return mentions
