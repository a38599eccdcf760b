"""Japanese text as search reads it: words found by a morphological analyser.

Japanese is written without spaces, so neither database can find its words: SQLite's
unicode61 tokenizer and PostgreSQL's parser both read 防衛装備庁は as one token. SudachiPy
(with its dictionary, sudachidict-core) cuts the text into its shortest units (split mode
A: 防衛 装備 庁) and gives each its normalised form (ｼｽﾃﾑ and システム are one word) and
its reading. Documents and queries go through the same functions, so a query's words are
the index's words; the index stores them space-separated and the databases' own
tokenizers need only split on the spaces.

- Kana is folded to hiragana and Latin letters are casefolded, as `query.normalise` does.
- Particles, auxiliary verbs and punctuation are left out on both sides (as English stop
  words are): 人工知能の活用 and 人工知能 活用 are the same words.
- A name's readings are indexed beside its words (防衛 → ぼうえい, and the whole name
  ぼうえいそうびちょう), so a name typed in kana finds it: the analyser cannot cut kana
  typed without spaces the way it cuts the kanji, so a query in kana is also tried as one
  reading.

The dictionary takes a fifth of a second and some memory to load: it is loaded once per
process, on the first Japanese text, never for an English-only query.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Hiragana, katakana (with the halfwidth forms and the long-vowel mark), kanji and the
# iteration marks: text with one of these is given to the analyser.
JAPANESE = re.compile(
    "[\u3005\u3006\u3007\u303b\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)
# A Japanese segment of mixed text: Japanese characters with the digits written among
# them (第5世代, 2018年10月), but not the Latin words beside them (SM-3ブロックIIA).
SEGMENT = re.compile(
    f"(?:[0-9０-９]*{JAPANESE.pattern})+(?:[0-9０-９]*{JAPANESE.pattern}|[0-9０-９]+)*"
)
KANA = re.compile("^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\uff66-\uff9f]+$")
# Parts of speech that are not searched: particles, auxiliaries, punctuation, spaces.
SKIPPED = {"助詞", "助動詞", "補助記号", "空白", "記号"}
# Type-ahead offers a name from its later words of these parts of speech (装備 in
# 防衛装備庁, not 庁, a suffix, nor おける, a verb).
WORD_STARTS = {"名詞", "接頭辞", "形状詞", "代名詞"}
MAX_ANALYSED = 200_000

_lock = threading.Lock()
_dictionary = None
# A tokenizer is not shared between threads (runserver's); the dictionary is.
_local = threading.local()


def tokenizer():
    """The analyser: the dictionary is loaded on first use, once per process."""
    global _dictionary
    if getattr(_local, "tokenizer", None) is None:
        with _lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
        from sudachipy import SplitMode

        _local.tokenizer = _dictionary.tokenizer(mode=SplitMode.A)
    return _local.tokenizer


def has_japanese(text: str) -> bool:
    return bool(text) and JAPANESE.search(text) is not None


def is_kana(text: str) -> bool:
    return bool(KANA.match(text))


# ァ…ヴ → ぁ…ゔ; a table, since every name type-ahead sorts goes through it.
_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F5)}


def to_hiragana(text: str) -> str:
    """Katakana folded to hiragana."""
    return text.translate(_HIRAGANA)


def fold(word: str) -> str:
    """A word as the index holds it: casefolded, kana as hiragana, width unified."""
    return to_hiragana(unicodedata.normalize("NFKC", word).casefold())


@dataclass(frozen=True)
class Token:
    surface: str
    word: str  # the normalised form, folded
    reading: str  # in hiragana
    pos: str
    start: int  # offset in the analysed text

    @property
    def searched(self) -> bool:
        return self.pos not in SKIPPED and bool(self.word.strip())


@lru_cache(maxsize=2048)
def _analyse(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(
            surface=m.surface(),
            word=fold(m.normalized_form()),
            reading=to_hiragana(m.reading_form()),
            pos=m.part_of_speech()[0],
            start=m.begin(),
        )
        for m in tokenizer().tokenize(text)
    )


def analyse(text: str) -> tuple[Token, ...]:
    """The text's shortest units. Short texts (names, queries) are remembered."""
    text = text[:MAX_ANALYSED]
    if len(text) <= 200:
        return _analyse(text)
    # Long text is analysed a line at a time: the analyser's input has a size limit.
    tokens, offset = [], 0
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), 4000):
            chunk = line[start : start + 4000]
            if has_japanese(chunk):
                tokens += [
                    Token(t.surface, t.word, t.reading, t.pos, t.start + offset + start)
                    for t in _analyse.__wrapped__(chunk)
                ]
        offset += len(line)
    return tuple(tokens)


def segments(text: str) -> list[str]:
    """The Japanese segments of a text, in order."""
    return SEGMENT.findall(text or "")


def words(text: str) -> list[str]:
    """The searched words of a Japanese segment: 防衛装備庁 → [防衛, 装備, 庁]."""
    return [t.word for t in analyse(text) if t.searched]


def phrases(text: str) -> list[tuple[list[str], str]]:
    """The words of a Japanese segment as a query reads them, cut at its particles, each
    with the text it was typed as: DARPAとの協力 asks for DARPA and 協力, not for the two
    side by side, and 人工知能の活用 for 人工知能 and 活用."""
    found, current = [], []

    def close() -> None:
        if current:
            last = current[-1]
            typed = text[current[0].start : last.start + len(last.surface)]
            found.append(([t.word for t in current], typed))
            current.clear()

    for token in analyse(text):
        if token.searched:
            current.append(token)
        elif token.pos in ("助詞", "助動詞"):
            close()
    close()
    return found


def reading(text: str) -> str:
    """The whole segment's reading in hiragana, without spaces: ぼうえいそうびちょう."""
    if is_kana(text):
        return fold(text)
    return "".join(t.reading for t in analyse(text) if t.pos not in ("補助記号", "空白"))


def text_words(text: str) -> str:
    """What the index holds for a text's Japanese: its words, a line per segment."""
    if not has_japanese(text):
        return ""
    return "\n".join(" ".join(w) for segment in segments(text) if (w := words(segment)))


def name_words(name: str, *, words_twice: bool = False) -> str:
    """What the index holds for a Japanese name: its words on the first line (all of
    them, so the line is the name: 半導体・マイクロエレクトロニクス is not 半導体), then
    their readings and each part's whole reading, so 防衛装備庁, 装備庁, ぼうえい and
    ぼうえいそうびちょう all find it.

    `words_twice`: the words are written twice, to weigh more (an entry's own name
    against another's alias)."""
    found, readings = [], []
    for segment in segments(name):
        tokens = [t for t in analyse(segment) if t.searched]
        if not tokens:
            continue
        found += [t.word for t in tokens]
        # Numbers and Latin letters are read the Japanese way (2018: にれいいちはち): no
        # one types that.
        readings += [
            t.reading
            for t in tokens
            if t.reading and t.reading != t.word and has_japanese(t.surface)
        ]
        whole = "" if any(c.isdigit() for c in segment) else reading(segment)
        if whole and whole not in readings and whole != tokens[0].word:
            readings.append(whole)
    if not found:
        return ""
    lines = [" ".join(found)] * (2 if words_twice else 1)
    if readings:
        lines.append(" ".join(readings))
    return "\n".join(lines)


def word_starts(name: str, limit: int) -> list[int]:
    """Offsets in `name` where a later word of it starts (装備 in 防衛装備庁), for type-ahead."""
    starts = []
    for segment_match in SEGMENT.finditer(name):
        if segment_match.start():
            starts.append(segment_match.start())  # 日本 in MIT日本プログラム
        tokens = analyse(segment_match.group())
        for previous, token in itertools.pairwise(tokens):
            if token.pos not in WORD_STARTS or previous.pos == "接頭辞":
                continue
            starts.append(segment_match.start() + token.start)
        if len(starts) >= limit:
            break
    return starts[:limit]
