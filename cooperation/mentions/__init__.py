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

Japanese text (japanese.py) has no spaces: its names (防衛装備庁, 装備庁) are found as runs of
characters, the longest where they overlap, and its sentences end at 。！？.
"""

from .dates import date_in
from .japanese import looks_japanese
from .matching import MENTIONABLE, Match, Mention, MentionIndex, find_mentions, terms_of
from .unknown import UnknownName, unknown_names
from .words import sentence_spans, tokenize, variants, word_key

__all__ = [
    "MENTIONABLE",
    "Match",
    "Mention",
    "MentionIndex",
    "UnknownName",
    "date_in",
    "find_mentions",
    "looks_japanese",
    "sentence_spans",
    "terms_of",
    "tokenize",
    "unknown_names",
    "variants",
    "word_key",
]
