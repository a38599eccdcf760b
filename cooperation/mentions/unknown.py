"""The names a text gives that no entry is known by: what a curator may add next."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .japanese import fold
from .matching import Match, MentionIndex, capitalised_runs, quote_around
from .words import (
    CONNECTORS,
    PLACE_ADJECTIVES,
    PLACES,
    SKIPPED,
    Token,
    sentence_spans,
    tokenize,
    word_key,
)


@dataclass
class UnknownName:
    """A capitalised name or acronym of the text that no entry is known by."""

    name: str
    acronym: str
    sentence: str
    occurrences: int = 1


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
        for start, end in capitalised_runs(tokens, text):
            run = [t for t in tokens if start <= t.start and t.end <= end]
            for piece in _name_pieces(text, run, known):
                acronyms = [t for t in piece if _is_unknown_acronym(t, index)]
                words = [t for t in piece if not ACRONYM.match(t.text)]
                if len(words) >= 2 and not _overlaps(words[0].start, words[-1].end, known):
                    given = _acronym_after(text, words[-1].end, span[1])
                    if tuple(w.key for w in words) not in index.known_keys and not (
                        given and (word_key(given),) in index.known_keys
                    ):
                        sentence = quote_around(text, span, words[0].start)
                        _add(found, text[words[0].start : words[-1].end], given, sentence)
                for token in acronyms:
                    if not _overlaps(token.start, token.end, known):
                        _add(found, token.cased, "", quote_around(text, span, token.start))
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
            or piece[0].text in PLACE_ADJECTIVES
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
    given = re.match(r"\s*\(([A-Z][A-Za-z0-9&]{1,9})\)", fold(text[at:limit]))
    return given.group(1) if given and ACRONYM.match(given.group(1)) else ""


def _add(found: dict[str, UnknownName], name: str, acronym: str, sentence: str) -> None:
    name = re.sub(r"\s+", " ", name)
    key = name.casefold()
    if key in found:
        found[key].occurrences += 1
        found[key].acronym = found[key].acronym or acronym
    else:
        found[key] = UnknownName(name=name, acronym=acronym, sentence=sentence)
