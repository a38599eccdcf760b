"""Words and sentences as a reader reads them: tokens, spelling, and the word orders of a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .japanese import JAPANESE_CHARS, fold

# A sentence ends at ., ! or ? followed by white space, or at a paragraph break; a
# Japanese one at 。, ！ or ？ with no space after, unless a closing bracket follows (the
# sentence goes on after 「…。」) or another mark does (！？).
JAPANESE_END = "。！？"
CLOSERS = "」』）)】〕〉》”’"
SENTENCE_END = re.compile(
    rf"(?<=[{JAPANESE_END}])(?![{JAPANESE_END}{CLOSERS}!?])\s*"
    r"|(?<=[.!?])\s+|(?<=[.!?][\"”’)])\s+|\n+"
)
# ... but not after "U.S." or "Mr.": "U.S. President Joe Biden" is one sentence.
NOT_AN_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Adm|Lt|Col)\.$")
MIN_TERM_LENGTH = 2

# A word: "U.S." and "A.I." (letters with dots), "RDT&E", "5G", "Japan"; and "'s".
# Japanese characters are no part of a word: "DARPAと" is the word "DARPA" (japanese.py
# finds Japanese names).
_LETTER = rf"[^\W\d_{JAPANESE_CHARS}]"
_ALNUM = rf"[^\W_{JAPANESE_CHARS}]"
TOKEN = re.compile(rf"(?:{_LETTER}\.){{2,}}|{_ALNUM}+(?:&{_ALNUM}+)*|['’‘ʼ][sS](?!{_ALNUM})")
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


def cased_form(raw: str) -> str:
    word = raw.replace(".", "") if DOTTED.fullmatch(raw) else raw
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return word[:-1]  # "UAVs" is the plural of "UAV"
    return word


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of text[start:end]; full-width letters (ＡＴＬＡ) read as ASCII ones."""
    end = len(text) if end is None else end
    return [
        Token(
            start + m.start(),
            start + m.end(),
            m.group(0),
            word_key(m.group(0)),
            cased_form(m.group(0)),
        )
        for m in TOKEN.finditer(fold(text[start:end]))
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
PLACE_ADJECTIVES = {
    adj: place for place, adjs in PLACES.items() for adj in adjs if adj[0].isalpha()
}
_PLACE_RE = "|".join(re.escape(p) for p in _PLACE_NAMES)
_OF_PLACE = re.compile(rf"^(?P<base>.+?),? of (?:the )?(?P<place>{_PLACE_RE})$")
_PLACES_BASE = re.compile(rf"^(?:the )?(?P<place>{_PLACE_RE})(?:['’]s)? (?P<base>.+)$")
_ADJ_BASE = re.compile(
    rf"^(?P<adj>{'|'.join(re.escape(a) for a in sorted(PLACE_ADJECTIVES, key=len, reverse=True))}) "
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
        found += _owned(adjective["base"], PLACE_ADJECTIVES[adjective["adj"]])
    return list(dict.fromkeys(found))
