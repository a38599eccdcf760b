"""Link-preview cards: the PNG a chat or social post shows for a shared link (og:image).

A card is drawn from a few lines of text with Pillow, in DejaVu Sans where the
system has it (Debian's fonts-dejavu-core; the Dockerfile installs it), else in the
font Pillow ships. A character the font lacks is written as its nearest plain one
("é" as "e", "–" as "-"), never as an empty box. What goes on a card is the views'
business (cooperation/views/cards.py); this module only lays the text out on
1200 × 630, the size link previews use, so it has no database and no request.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
SITE_NAME = "U.S.–Japan Cooperation Knowledge Base"

INK = "#ffffff"
MUTED = "#b8c4d6"
ACCENT = "#f2b33d"
BACKGROUND = "#13233a"
BAND = "#bc002d"  # the red of both flags, as the site's header uses it


@dataclass(frozen=True)
class Card:
    kind: str  # "Agreement", "Agreements"
    title: str  # the entry's name, or the list's title with its filters
    facts: list[str] = field(default_factory=list)  # one line: kind, status, date…
    counts: list[str] = field(default_factory=list)  # the footer: "4 parties", "12 citations"


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {False: FONT_DIR / "DejaVuSans.ttf", True: FONT_DIR / "DejaVuSans-Bold.ttf"}
PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = FONT_FILES[bold]
    if path.exists():
        return ImageFont.truetype(str(path), size=size)
    return ImageFont.load_default(size=size)


@cache
def _has_glyph(font, char: str) -> bool:
    return char.isspace() or bytes(font.getmask(char)) != bytes(font.getmask("\uffff"))


def printable(text: str, font) -> str:
    """`text` with each character `font` lacks replaced by its plain form, or dropped."""
    out = []
    for char in text:
        if _has_glyph(font, char):
            out.append(char)
            continue
        plain = unicodedata.normalize("NFKD", char.translate(PLAIN))
        out.append("".join(c for c in plain if c.isascii()))
    return "".join(out)


def wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width`; past `max_lines`, the last ends in "…"."""
    lines: list[str] = []
    for word in printable(text, font).split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    # A single word wider than the card (a long acronym chain) is cut, not overflowed.
    return [_fit(line, font, width) for line in lines]


def _fit(line: str, font, width: int) -> str:
    line = printable(line, font)
    if font.getlength(line) <= width:
        return line
    while line and font.getlength(line + "…") > width:
        line = line[:-1]
    return line + "…"


def render(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 12), fill=BAND)

    draw.text((MARGIN, 48), printable(SITE_NAME, _font(30)), font=_font(30), fill=MUTED)
    draw.text((MARGIN, 104), card.kind.upper(), font=_font(32, bold=True), fill=ACCENT)

    title_font = _font(60 if len(card.title) < 90 else 44, bold=True)
    y = 160
    for line in wrap(card.title, title_font, width, max_lines=4 if len(card.title) >= 90 else 3):
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += int(title_font.size * 1.2)

    if card.facts:
        facts = _fit(" · ".join(card.facts), _font(30), width)
        draw.text((MARGIN, max(y + 24, 400)), facts, font=_font(30), fill=MUTED)
    if card.counts:
        draw.line((MARGIN, HEIGHT - 120, WIDTH - MARGIN, HEIGHT - 120), fill="#2c4466", width=2)
        counts = _fit(" · ".join(card.counts), _font(32), width)
        draw.text((MARGIN, HEIGHT - 96), counts, font=_font(32), fill=INK)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
