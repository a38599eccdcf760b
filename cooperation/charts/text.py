"""Measuring and fitting label text: no font metrics at run time."""

from __future__ import annotations

import unicodedata

# Advance widths (in ems) of DejaVu Sans, the widest common fallback font: text
# measured with it fits in any of the narrower fonts a browser may pick instead.
_WIDTHS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (.613, .635, .55, .635, .615, .352, .635, .634, .278, .278, .579, .278, .974,
         .634, .612, .635, .635, .411, .521, .392, .634, .592, .818, .592, .592, .525),
        strict=True,
    )
) | dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (.684, .686, .698, .77, .632, .575, .775, .752, .295, .295, .656, .557, .863,
         .748, .787, .603, .787, .695, .635, .611, .732, .684, .989, .685, .611, .685),
        strict=True,
    )
) | dict.fromkeys("0123456789", 0.636) | {
    " ": .318, ".": .318, ",": .318, ":": .337, ";": .337, "'": .275, "’": .318,
    "-": .361, "–": .5, "—": 1.0, "(": .39, ")": .39, "&": .78, "/": .337, "…": 1.0,
}  # fmt: skip
_WIDE = 1.0  # CJK and other full-width characters
_DEFAULT_WIDTH = 0.65


def text_width(text: str, size: float) -> float:
    """The width `text` takes at font size `size`, in the same units as `size`."""
    return size * sum(
        _WIDTHS.get(c, _WIDE if unicodedata.east_asian_width(c) in "WF" else _DEFAULT_WIDTH)
        for c in text
    )


def _is_wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _fitting(text: str, room: float, size: float) -> int:
    """How many of text's first characters fit in `room` (at least one)."""
    count = 0
    while count < len(text) and text_width(text[: count + 1], size) <= room:
        count += 1
    return max(count, 1)


def fit(text: str, room: float, size: float) -> str:
    """`text`, or as much of it as fits in `room` followed by an ellipsis, cut
    at a word when one ends near the cut."""
    if text_width(text, size) <= room:
        return text
    room -= text_width("…", size)
    cut = ""
    for c in text:
        if text_width(cut + c, size) > room:
            break
        cut += c
    space = cut.rfind(" ")
    if space >= len(cut) * 2 // 3:  # a word boundary that keeps most of the room
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


def wrap(text: str, room: float, size: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `room` width; an ellipsis ends a cut one."""
    wrapped: list[str] = []
    words = text.split()
    while words and len(wrapped) < lines - 1:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= room:
            line = f"{line} {words.pop(0)}"
        if text_width(line, size) > room:  # one word longer than the line
            if not _is_wide(line):
                words.insert(0, line)
                break
            # Japanese has no spaces: a line breaks between any two characters.
            cut = _fitting(line, room, size)
            words.insert(0, line[cut:])
            line = line[:cut]
        wrapped.append(line)
    if words:
        wrapped.append(fit(" ".join(words), room, size))
    return wrapped or [""]
