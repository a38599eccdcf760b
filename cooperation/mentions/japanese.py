"""Japanese text: its scripts, its width variants, and how its names are found.

Japanese writes no spaces between words, so a Japanese name (防衛装備庁, its alias 装備庁)
is found as a run of characters, not as words; where names overlap the longest wins, as
in English. A few rules stand in for the word boundaries Japanese lacks:

- a short kanji name (政府, 空自) is not read as the tail of a longer compound
  (両政府 "both governments", 中国政府, 航空自衛隊), except after a prefix (対中国, 現政府);
- a short katakana name (インド, チップ) is not read inside a longer katakana word
  (インドネシア, マイクロチップ), nor inside the few compounds listed in `NOT_NAMES`.

Latin letters inside Japanese text (DARPA, ＡＴＬＡ) are words as in English: Japanese
characters around them are a boundary (words.py leaves them out of its tokens).
"""

from __future__ import annotations

import re

HIRAGANA = "\u3041-\u309f"
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # not the middle dot ・
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005-\u3007"  # 々 〆 〇 too
JAPANESE_CHARS = HIRAGANA + KATAKANA + KANJI
JAPANESE = re.compile(f"[{JAPANESE_CHARS}]")
_KANA = re.compile(f"[{HIRAGANA}{KATAKANA}]")
_KANJI_ONLY = re.compile(f"[{KANJI}]+")
_KATAKANA_ONLY = re.compile(f"[{KATAKANA}]+")
_LATIN = re.compile(r"[A-Za-z]")

# Full-width Latin letters, digits and signs (ＡＴＬＡ, ２０２３, （）) read as their ASCII
# forms, and the ideographic space as a space: one character for one, so a position in
# the folded text is the same position in the text and quotes stay verbatim slices.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """The text with full-width Latin read as ASCII, of the same length."""
    return text.translate(_WIDTH)


def has_japanese(text: str) -> bool:
    return JAPANESE.search(text) is not None


def looks_japanese(text: str) -> bool:
    """Mostly kana and kanji (with kana, so it is not Chinese): a Japanese text.

    Japanese articles on this subject are full of Latin acronyms (DARPA, AI, GCAP), so
    the test compares letters, not words: kana and kanji outnumber Latin letters.
    """
    kana = len(_KANA.findall(text))
    japanese = len(JAPANESE.findall(text))
    return kana > 0 and japanese > len(_LATIN.findall(text))


# Compounds holding a short name that are something else: "Indo-Pacific", not India.
NOT_NAMES = ("インド太平洋",)
# A name this short is a word of its own only at a boundary of its script (see above).
SHORT = 2
SHORT_KATAKANA = 3
# Kanji written before a name without making another word of it: "towards", "former",
# "current".
PREFIXES = "対旧現"


def _glued(text: str, start: int, end: int, script: re.Pattern, both_sides: bool) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    glued_before = bool(script.fullmatch(before)) and before not in PREFIXES
    return glued_before or (both_sides and bool(script.fullmatch(after)))


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether a Japanese name found at text[start:end] is that name, not part of a word."""
    name = text[start:end]
    # 政府 in 両政府 is someone's government; 量子 in 量子技術 is quantum still.
    if (
        len(name) <= SHORT
        and _KANJI_ONLY.fullmatch(name)
        and _glued(text, start, end, _KANJI_ONLY, both_sides=False)
    ):
        return False
    if (
        len(name) <= SHORT_KATAKANA
        and _KATAKANA_ONLY.fullmatch(name)
        and _glued(text, start, end, _KATAKANA_ONLY, both_sides=True)
    ):
        return False
    for compound in NOT_NAMES:
        at = text.find(compound, max(0, start - len(compound)), end + len(compound))
        if at >= 0 and at <= start and end <= at + len(compound):
            return False
    return True


class CharacterIndex:
    """Names written in Japanese characters, looked up by their first character."""

    def __init__(self):
        self.by_first: dict[str, list[tuple[str, object]]] = {}

    def add(self, name: str, value: object) -> None:
        folded = fold(name.strip())
        if folded:
            self.by_first.setdefault(folded[0], []).append((folded, value))

    def find(self, folded: str, offset: int = 0):
        """(start, end, value) of every name in the folded text, overlapping ones too."""
        if not self.by_first or not has_japanese(folded):
            return
        for i, char in enumerate(folded):
            for name, value in self.by_first.get(char, ()):
                if folded.startswith(name, i) and stands_alone(folded, i, i + len(name)):
                    yield offset + i, offset + i + len(name), value
