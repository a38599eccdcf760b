"""Geometry of the server-rendered pictures: plain data in, coordinates out.

No ORM here: the views gather rows, these functions place them, the templates
draw them as SVG. Keeping the layout pure makes it testable without a database
and keeps every picture working with JavaScript off.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby

# Marks are told apart by shape first (colour is only a second cue), so the
# legend lists shapes. Event kinds fall into three groups to keep the legend short.
SHAPES = {
    "agreement": ("square", "Agreement"),
    "meeting": ("circle", "Meeting, summit, dialogue or signing"),
    "test": ("triangle", "Test"),
    "release": ("diamond", "Announcement, strategy, funding or other release"),
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
        return f"No entries in {years}"

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
            words.insert(0, line)
            break
        wrapped.append(line)
    if words:
        wrapped.append(fit(" ".join(words), room, size))
    return wrapped or [""]


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
            lines = wrap(entry.name, LABEL_ROOM, LABEL_SIZE, LABEL_LINES)
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


# --- Technology graph -------------------------------------------------------

# Two columns face each other: the area's agreements and events on the left,
# their labels ending at the node; the agencies on the right, labels starting at
# the node. Lines run only through the channel between the columns, so no line
# crosses a label. 720 units show at 640 px or more (the CSS scrolls the picture
# sideways on a phone rather than shrink 13-unit labels below 12 px).
GRAPH_WIDTH = 720
GRAPH_LEFT_X = 310
GRAPH_RIGHT_X = 470
GRAPH_LABEL_GAP = 12
GRAPH_MAX_PER_COLUMN = 12
GRAPH_ROW = 30
GRAPH_TOP = 44
GRAPH_LABEL_SIZE = 13  # the CSS font size of the labels
GRAPH_LEFT_ROOM = GRAPH_LEFT_X - GRAPH_LABEL_GAP - 4
GRAPH_RIGHT_ROOM = GRAPH_WIDTH - GRAPH_RIGHT_X - GRAPH_LABEL_GAP - 4

_TRAILING_ACRONYM = re.compile(r"^(?P<name>.+) \((?P<acronym>[^()]{1,16})\)$")


def short_label(name: str, room: float, size: float = GRAPH_LABEL_SIZE) -> str:
    """`name` fitted to `room`, keeping a trailing "(ACRONYM)" whole: it is what
    a reader recognises, so the words before it are shortened instead."""
    if text_width(name, size) <= room:
        return name
    found = _TRAILING_ACRONYM.match(name)
    if found:
        acronym = f" ({found['acronym']})"
        left = room - text_width(acronym, size)
        if left >= room / 3:
            return fit(found["name"], left, size) + acronym
    return fit(name, room, size)


@dataclass
class GraphNode:
    key: str
    name: str
    url: str
    kind: str  # agreement, event or agency
    x: float
    y: float
    label: str

    # Shape geometry, so the template only prints numbers.
    @property
    def corner(self) -> tuple[float, float]:
        return (self.x - 6, self.y - 6)

    @property
    def diamond(self) -> str:
        x, y = self.x, self.y
        return f"{x},{y - 7} {x + 7},{y} {x},{y + 7} {x - 7},{y}"

    @property
    def on_left(self) -> bool:
        return self.kind != "agency"

    # Entries' labels end at their node; agencies' labels start at theirs.
    @property
    def label_x(self) -> float:
        return self.x - GRAPH_LABEL_GAP if self.on_left else self.x + GRAPH_LABEL_GAP

    @property
    def label_y(self) -> float:
        return self.y + 4.5

    @property
    def label_anchor(self) -> str:
        return "end" if self.on_left else "start"


@dataclass
class GraphEdge:
    source: GraphNode
    target: GraphNode

    @property
    def kind(self) -> str:
        """ "involves" joins an event to an agreement; "party" an entry to an agency."""
        return "party" if self.target.kind == "agency" else "involves"

    @property
    def path(self) -> str:
        """A smooth S across the channel; a bow into the channel for two entries."""
        a, b = self.source, self.target
        if a.x == b.x:
            bow = a.x + min(24 + abs(a.y - b.y) / 5, (GRAPH_RIGHT_X - GRAPH_LEFT_X) * 0.6)
            return f"M{a.x + 7},{a.y} C{bow},{a.y} {bow},{b.y} {b.x + 7},{b.y}"
        middle = (a.x + b.x) / 2
        return f"M{a.x + 7},{a.y} C{middle},{a.y} {middle},{b.y} {b.x - 8},{b.y}"


@dataclass
class Graph:
    width: int
    height: int
    columns: list[tuple[str, float, str, list[GraphNode]]]  # (heading, x, anchor, nodes)
    edges: list[GraphEdge]
    hidden: dict[str, int]  # kind → how many were left out of the picture

    @property
    def entries(self) -> list[GraphNode]:
        return self.columns[0][3]

    @property
    def agencies(self) -> list[GraphNode]:
        return self.columns[1][3]

    def connections(self) -> list[tuple[GraphNode, list[GraphNode]]]:
        """The picture in words: each agreement and event with what it is joined to."""
        joined = {node.key: [] for node in self.entries}
        for edge in self.edges:
            if edge.source.key in joined:
                joined[edge.source.key].append(edge.target)
        return [(node, joined[node.key]) for node in self.entries]

    @property
    def hidden_total(self) -> int:
        return sum(self.hidden.values())

    @property
    def nodes(self) -> list[GraphNode]:
        return [*self.entries, *self.agencies]

    @property
    def kinds_shown(self) -> set[str]:
        return {node.kind for node in self.nodes}

    @property
    def has_involves(self) -> bool:
        return any(edge.kind == "involves" for edge in self.edges)


@dataclass(frozen=True)
class GraphItem:
    key: str
    name: str
    url: str


def layout_technology_graph(
    agreements: list[GraphItem],
    events: list[GraphItem],
    agencies: list[GraphItem],
    links: list[tuple[str, str]],
    *,
    middle_total: int | None = None,
    agency_total: int | None = None,
) -> Graph:
    """The area's agreements and events on the left, the agencies behind them on
    the right; lines say who takes part, dashed bows which agreement an event involves.

    Each column shows at most GRAPH_MAX_PER_COLUMN nodes; the rest are counted
    in `hidden` so the page can say the picture is partial. The shorter column
    is centred against the longer one. A caller that passes only the first few
    entries gives the totals in `middle_total`/`agency_total`.
    """
    left = [("agreement", item) for item in agreements] + [("event", item) for item in events]
    shown_left = left[:GRAPH_MAX_PER_COLUMN]
    shown_agencies = [("agency", item) for item in agencies[:GRAPH_MAX_PER_COLUMN]]
    rows = max(len(shown_left), len(shown_agencies), 1)

    def column(items, x, room):
        offset = (rows - len(items)) * GRAPH_ROW / 2
        return [
            GraphNode(
                key=item.key,
                name=item.name,
                url=item.url,
                kind=kind,
                x=x,
                y=GRAPH_TOP + offset + index * GRAPH_ROW + GRAPH_ROW / 2,
                label=short_label(item.name, room),
            )
            for index, (kind, item) in enumerate(items)
        ]

    entry_nodes = column(shown_left, GRAPH_LEFT_X, GRAPH_LEFT_ROOM)
    agency_nodes = column(shown_agencies, GRAPH_RIGHT_X, GRAPH_RIGHT_ROOM)
    by_key = {node.key: node for node in [*entry_nodes, *agency_nodes]}
    edges = [GraphEdge(by_key[a], by_key[b]) for a, b in links if a in by_key and b in by_key]
    return Graph(
        width=GRAPH_WIDTH,
        height=int(GRAPH_TOP + rows * GRAPH_ROW + 8),
        columns=[
            ("Agreements and events", GRAPH_LEFT_X + 7, "end", entry_nodes),
            ("Agencies", GRAPH_RIGHT_X - 7, "start", agency_nodes),
        ],
        edges=edges,
        hidden={
            "agreements and events": max(len(left), middle_total or 0) - len(shown_left),
            "agencies": max(len(agencies), agency_total or 0) - len(shown_agencies),
        },
    )


# --- Bars (coverage) ---------------------------------------------------------


@dataclass(frozen=True)
class BarSegment:
    part: str  # which count: agreements, events, sources
    x: float
    width: float


BAR_WIDTH = 160


def stacked_bar(parts: list[tuple[str, int]], largest: int, width: float = BAR_WIDTH):
    """Segments of one bar whose full `width` stands for `largest`; empty parts drop out."""
    segments, x = [], 0.0
    for part, count in parts:
        if count and largest:
            length = width * count / largest
            segments.append(BarSegment(part=part, x=round(x, 2), width=round(length, 2)))
            x += length
    return segments
