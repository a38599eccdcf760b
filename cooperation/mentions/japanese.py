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
import unicodedata

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


# Half-width katakana (ｿﾆｰ, ｸﾞ with its voiced mark after it) as older systems and some
# pastes still write it; each folds to its full-width form, a pair to one character.
_HALF_WIDTH_KANA = re.compile("[\uff66-\uff9d][\uff9e\uff9f]?|[\uff61-\uff65\uff70\uff9e\uff9f]")


def fold_kana(text: str) -> tuple[str, list[int] | None]:
    """fold(text) with half-width katakana read as full-width, and where each character of
    the result starts in the text (None when they are the same positions).

    A name found at folded[i:j] is text[starts[i]:starts[j]]: the quote stays verbatim.
    """
    if not _HALF_WIDTH_KANA.search(text):
        return fold(text), None
    pieces: list[str] = []
    starts: list[int] = []
    cursor = 0
    for match in _HALF_WIDTH_KANA.finditer(text):
        pieces.append(fold(text[cursor : match.start()]))
        starts.extend(range(cursor, match.start()))
        full = unicodedata.normalize("NFKC", match.group())
        if len(full) != 1:  # a voiced mark that joins nothing: keep it as written
            full = match.group()
        pieces.append(full)
        starts.extend([match.start()] * len(full) if len(full) == 1 else range(*match.span()))
        cursor = match.end()
    pieces.append(fold(text[cursor:]))
    starts.extend(range(cursor, len(text) + 1))
    return "".join(pieces), starts


# How Japanese writes a country before one of its bodies: 英国防省 is Britain's ministry of
# defence (英国 and 国防省 sharing 国), ロシア国防省 Russia's. A name of another country's
# body found right after one of these is not that body.
COUNTRY_PREFIXES = {
    "US": ("米", "米国", "アメリカ"),
    "JP": ("日", "日本"),
    "GB": ("英", "英国", "イギリス"),
    "FR": ("仏", "フランス"),
    "DE": ("独", "ドイツ"),
    "RU": ("露", "ロシア"),
    "CN": ("中国",),  # not 中 alone: after a word it means "during"
    "KR": ("韓", "韓国"),
    "AU": ("豪", "豪州", "オーストラリア"),
    "IN": ("印", "インド"),
    "IT": ("伊", "イタリア"),
    "CA": ("カナダ",),
    "TW": ("台湾",),
    "KP": ("北朝鮮",),
}


def country_before(folded: str, start: int) -> str:
    """The country written right before folded[start:] (英国防省: GB), or "" if none.

    A name starting with 国 may share it with the country's name (英国 + 国防省).
    """
    shares = folded.startswith("国", start)
    found, longest = "", 0
    for code, prefixes in COUNTRY_PREFIXES.items():
        for prefix in prefixes:
            ends = (start, start + 1) if shares and prefix.endswith("国") else (start,)
            if len(prefix) > longest and any(
                end >= len(prefix) and folded.startswith(prefix, end - len(prefix)) for end in ends
            ):
                found, longest = code, len(prefix)
    return found


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
        folded = fold_kana(name.strip())[0]
        if folded:
            self.by_first.setdefault(folded[0], []).append((folded, value))

    def find(self, text: str, offset: int = 0):
        """(start, end, value, country) of every name in the text, overlapping ones too:
        its place in the text and the country written before it (see country_before)."""
        if not self.by_first or not has_japanese(text):
            return
        folded, starts = fold_kana(text)
        for i, char in enumerate(folded):
            for name, value in self.by_first.get(char, ()):
                end = i + len(name)
                if folded.startswith(name, i) and stands_alone(folded, i, end):
                    if starts is not None:
                        i_text, end_text = starts[i], starts[end]
                    else:
                        i_text, end_text = i, end
                    yield offset + i_text, offset + end_text, value, country_before(folded, i)
