"""The timeline: agreements and events placed by year, marks shaped by kind."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .text import wrap

# Marks are told apart by shape first (colour is only a second cue), so the
# legend lists shapes. Event kinds fall into three groups to keep the legend short.
SHAPES = {
    "agreement": ("square", _("Agreement")),
    "meeting": ("circle", _("Meeting, summit, dialogue or signing")),
    "test": ("triangle", _("Test")),
    "release": ("diamond", _("Announcement, strategy, funding or other release")),
}
EVENT_KIND_SHAPE = {
    "summit": "meeting",
    "ministerial": "meeting",
    "meeting": "meeting",
    "dialogue": "meeting",
    "signing": "meeting",
    "test": "test",
}


def mark_group(entry_type: str, kind: str) -> str:
    """The legend group of an entry: every agreement is a square, events by kind."""
    if entry_type == "agreement":
        return "agreement"
    return EVENT_KIND_SHAPE.get(kind, "release")


@dataclass(frozen=True)
class TimelineEntry:
    entry_type: str  # "agreement" or "event"
    kind: str
    kind_label: str
    name: str
    url: str
    date: datetime.date | None
    date_display: str
    name_ja: str = ""
    # The name in the page's language (the Japanese one on /ja/), which the picture
    # shows; `name` when empty.
    label: str = ""

    @property
    def shown_name(self) -> str:
        return self.label or self.name

    @property
    def group(self) -> str:
        return mark_group(self.entry_type, self.kind)

    @property
    def shape(self) -> str:
        return SHAPES[self.group][0]


@dataclass
class PlacedMark:
    entry: TimelineEntry
    x: float
    y: float  # the centre of the mark, level with the first line of its label
    lines: list[str]  # the label, wrapped
    top: float  # the row the mark owns, for its hover and focus background
    height: float

    @property
    def shape(self) -> str:
        return self.entry.shape

    @property
    def corner(self) -> tuple[float, float]:
        return (self.x - MARK_RADIUS, self.y - MARK_RADIUS)

    @property
    def label(self) -> str:
        return " ".join(self.lines)

    @property
    def label_x(self) -> float:
        return self.x + 14

    @property
    def label_y(self) -> float:
        return self.y + 5  # the baseline that centres a 14px line on the mark

    @property
    def points(self) -> str:
        """Polygon points for the triangle and diamond shapes."""
        r = MARK_RADIUS
        x, y = self.x, self.y
        if self.shape == "triangle":
            return f"{x},{y - r} {x + r},{y + r} {x - r},{y + r}"
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


@dataclass
class YearBand:
    year: int
    y: float
    height: float
    shaded: bool  # every other band has a tint, so a year's entries read as a group
    marks: list[PlacedMark] = field(default_factory=list)

    @property
    def label_y(self) -> float:
        return self.marks[0].label_y

    @property
    def tick_y(self) -> float:
        return self.marks[0].y


@dataclass
class YearGap:
    """Years with no entry between two bands: drawn as a break in the axis."""

    first: int
    last: int
    y: float
    height: float

    @property
    def text(self) -> str:
        years = str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        return gettext("No entries in %(years)s") % {"years": years}

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 4


@dataclass
class Timeline:
    width: int
    height: int
    axis_x: float
    bands: list[YearBand]
    gaps: list[YearGap]
    undated: list[TimelineEntry]
    legend: list[tuple[str, str, str]]  # (group, shape, label) for the groups shown

    @property
    def dated_count(self) -> int:
        return sum(len(band.marks) for band in self.bands)

    # Numbers the template draws with, so it holds no geometry of its own.
    line_height = property(lambda self: LINE_HEIGHT)
    row_x = property(lambda self: AXIS_X + 8)
    row_width = property(lambda self: self.width - AXIS_X - 10)
    year_x = property(lambda self: AXIS_X - 12)
    gap_text_x = property(lambda self: MARK_X - 6)

    def axis_segments(self) -> list[tuple[float, float]]:
        """(top, bottom) of each solid stretch of the axis; gaps break it."""
        segments, top = [], 0.0
        for gap in self.gaps:
            segments.append((top, gap.y))
            top = gap.y + gap.height
        segments.append((top, float(self.height)))
        return segments


# The picture is drawn narrow and scaled by the browser: 400 units show at about
# 330 px on a 360 px phone and at about 510 px on a desktop (the CSS caps it), so
# 14-unit labels read as 11.5 px to 18 px text. Labels wrap rather than run off.
TIMELINE_WIDTH = 400
AXIS_X = 56
MARK_X = 72
MARK_RADIUS = 6
ROW_HEIGHT = 28
LINE_HEIGHT = 17
YEAR_PADDING = 8
GAP_HEIGHT = 30
LABEL_SIZE = 14  # the CSS font size of the labels
LABEL_ROOM = TIMELINE_WIDTH - MARK_X - 14 - 6  # from the label's start to the edge
LABEL_LINES = 3


def layout_timeline(entries: list[TimelineEntry]) -> Timeline:
    """Years run down the page; each year's entries are stacked in date order.

    Only years that have entries get a band, and a skipped stretch of years is
    drawn as a break in the axis that says so, so the picture never suggests
    continuity that is not there.
    """
    dated = sorted(
        (e for e in entries if e.date is not None), key=lambda e: (e.date, e.entry_type, e.name)
    )
    undated = sorted((e for e in entries if e.date is None), key=lambda e: e.name)
    bands: list[YearBand] = []
    gaps: list[YearGap] = []
    y = 0.0
    previous_year = None
    for year, group in groupby(dated, key=lambda e: e.date.year):
        if previous_year is not None and year - previous_year > 1:
            gaps.append(YearGap(first=previous_year + 1, last=year - 1, y=y, height=GAP_HEIGHT))
            y += GAP_HEIGHT
        band = YearBand(year=year, y=y, height=0, shaded=len(bands) % 2 == 0)
        row_top = y + YEAR_PADDING
        for entry in group:
            lines = wrap(entry.shown_name, LABEL_ROOM, LABEL_SIZE, LABEL_LINES)
            height = ROW_HEIGHT + (len(lines) - 1) * LINE_HEIGHT
            band.marks.append(
                PlacedMark(
                    entry=entry,
                    x=MARK_X,
                    y=row_top + ROW_HEIGHT / 2,
                    lines=lines,
                    top=row_top,
                    height=height,
                )
            )
            row_top += height
        band.height = row_top + YEAR_PADDING - y
        bands.append(band)
        y += band.height
        previous_year = year
    groups_shown = {e.group for e in dated}
    legend = [(key, shape, label) for key, (shape, label) in SHAPES.items() if key in groups_shown]
    return Timeline(
        width=TIMELINE_WIDTH,
        height=int(y + 1),
        axis_x=AXIS_X,
        bands=bands,
        gaps=gaps,
        undated=undated,
        legend=legend,
    )
