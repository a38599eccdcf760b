"""Geometry of the server-rendered pictures: plain data in, coordinates out.

No ORM here: the views gather rows, these functions place them, the templates
draw them as SVG. Keeping the layout pure makes it testable without a database
and keeps every picture working with JavaScript off.
"""

from __future__ import annotations

import datetime
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
    y: float
    label: str

    @property
    def shape(self) -> str:
        return self.entry.shape

    @property
    def corner(self) -> tuple[float, float]:
        return (self.x - MARK_RADIUS, self.y - MARK_RADIUS)

    @property
    def label_x(self) -> float:
        return self.x + 14

    @property
    def label_y(self) -> float:
        return self.y + 4

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
    gap_before: bool  # years were skipped between this band and the previous one
    marks: list[PlacedMark] = field(default_factory=list)


@dataclass
class Timeline:
    width: int
    height: int
    axis_x: float
    bands: list[YearBand]
    undated: list[TimelineEntry]
    legend: list[tuple[str, str, str]]  # (group, shape, label) for the groups shown

    @property
    def dated_count(self) -> int:
        return sum(len(band.marks) for band in self.bands)


MARK_RADIUS = 6
ROW_HEIGHT = 24
YEAR_PADDING = 14
LABEL_MAX = 70
TIMELINE_WIDTH = 720
AXIS_X = 70


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def layout_timeline(entries: list[TimelineEntry]) -> Timeline:
    """Years run down the page; each year's entries are stacked in date order.

    Only years that have entries get a band, and a skipped stretch of years is
    flagged so the picture never suggests continuity that is not there.
    """
    dated = sorted(
        (e for e in entries if e.date is not None), key=lambda e: (e.date, e.entry_type, e.name)
    )
    undated = sorted((e for e in entries if e.date is None), key=lambda e: e.name)
    bands: list[YearBand] = []
    y = float(YEAR_PADDING)
    previous_year = None
    for year, group in groupby(dated, key=lambda e: e.date.year):
        items = list(group)
        band = YearBand(
            year=year,
            y=y,
            height=len(items) * ROW_HEIGHT + YEAR_PADDING,
            gap_before=previous_year is not None and year - previous_year > 1,
        )
        for index, entry in enumerate(items):
            band.marks.append(
                PlacedMark(
                    entry=entry,
                    x=AXIS_X + 24,
                    y=y + YEAR_PADDING / 2 + index * ROW_HEIGHT + ROW_HEIGHT / 2,
                    label=_truncate(entry.name, LABEL_MAX),
                )
            )
        bands.append(band)
        y += band.height
        previous_year = year
    groups_shown = {e.group for e in dated}
    legend = [(key, shape, label) for key, (shape, label) in SHAPES.items() if key in groups_shown]
    return Timeline(
        width=TIMELINE_WIDTH,
        height=int(y + YEAR_PADDING),
        axis_x=AXIS_X,
        bands=bands,
        undated=undated,
        legend=legend,
    )


# --- Technology graph -------------------------------------------------------


@dataclass
class GraphNode:
    key: str
    name: str
    url: str
    kind: str  # technology, agreement, event, agency
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

    # The area's name sits under its node; the others' names to their right.
    @property
    def label_x(self) -> float:
        return self.x if self.kind == "technology" else self.x + 12

    @property
    def label_y(self) -> float:
        return self.y + 26 if self.kind == "technology" else self.y + 4

    @property
    def label_anchor(self) -> str:
        return "middle" if self.kind == "technology" else "start"


@dataclass
class GraphEdge:
    source: GraphNode
    target: GraphNode

    @property
    def path(self) -> str:
        """A straight line between columns; a bow for two nodes of one column."""
        a, b = self.source, self.target
        if a.x == b.x:
            bow = a.x - 40 - abs(a.y - b.y) / 4
            return f"M{a.x},{a.y} Q{bow},{(a.y + b.y) / 2} {b.x},{b.y}"
        return f"M{a.x},{a.y} L{b.x},{b.y}"


@dataclass
class Graph:
    width: int
    height: int
    centre: GraphNode
    columns: list[tuple[str, float, list[GraphNode]]]  # (heading, x, nodes)
    edges: list[GraphEdge]
    hidden: dict[str, int]  # kind → how many were left out of the picture

    def connections(self) -> list[tuple[GraphNode, list[GraphNode]]]:
        """The picture in words: each middle node with what it is joined to."""
        middle = self.columns[0][2]
        joined = {node.key: [] for node in middle}
        for edge in self.edges:
            if edge.source.key in joined and edge.target is not self.centre:
                joined[edge.source.key].append(edge.target)
        return [(node, joined[node.key]) for node in middle]

    @property
    def hidden_total(self) -> int:
        return sum(self.hidden.values())

    @property
    def nodes(self) -> list[GraphNode]:
        return [self.centre, *(node for _, _, nodes in self.columns for node in nodes)]


GRAPH_MAX_PER_COLUMN = 12
GRAPH_ROW = 30
GRAPH_TOP = 40
GRAPH_LABEL_MAX = 32


@dataclass(frozen=True)
class GraphItem:
    key: str
    name: str
    url: str


def layout_technology_graph(
    technology: GraphItem,
    agreements: list[GraphItem],
    events: list[GraphItem],
    agencies: list[GraphItem],
    links: list[tuple[str, str]],
    *,
    middle_total: int | None = None,
    agency_total: int | None = None,
) -> Graph:
    """Three columns: the area on the left, its agreements and events in the
    middle, the agencies behind them on the right; lines say who is connected.

    Each column shows at most GRAPH_MAX_PER_COLUMN nodes; the rest are counted
    in `hidden` so the page can say the picture is partial. A caller that passes
    only the first few entries gives the totals in `middle_total`/`agency_total`.
    """
    middle = [("agreement", item) for item in agreements] + [("event", item) for item in events]
    shown_middle = middle[:GRAPH_MAX_PER_COLUMN]
    shown_agencies = agencies[:GRAPH_MAX_PER_COLUMN]
    rows = max(len(shown_middle), len(shown_agencies), 1)
    height = GRAPH_TOP + rows * GRAPH_ROW + 10
    width = 800
    centre = GraphNode(
        key=technology.key,
        name=technology.name,
        url=technology.url,
        kind="technology",
        x=90,
        y=GRAPH_TOP + (rows * GRAPH_ROW) / 2,
        label=_truncate(technology.name, 22),
    )

    def column(items, x):
        return [
            GraphNode(
                key=item.key,
                name=item.name,
                url=item.url,
                kind=kind,
                x=x,
                y=GRAPH_TOP + index * GRAPH_ROW + GRAPH_ROW / 2,
                label=_truncate(item.name, GRAPH_LABEL_MAX),
            )
            for index, (kind, item) in enumerate(items)
        ]

    middle_nodes = column(shown_middle, 300)
    agency_nodes = column([("agency", item) for item in shown_agencies], 560)
    by_key = {node.key: node for node in [centre, *middle_nodes, *agency_nodes]}
    edges = [GraphEdge(centre, node) for node in middle_nodes]
    for a, b in links:
        if a in by_key and b in by_key:
            edges.append(GraphEdge(by_key[a], by_key[b]))
    return Graph(
        width=width,
        height=int(height),
        centre=centre,
        columns=[
            ("Agreements and events", 300, middle_nodes),
            ("Agencies", 560, agency_nodes),
        ],
        edges=edges,
        hidden={
            "agreements and events": max(len(middle), middle_total or 0) - len(shown_middle),
            "agencies": max(len(agencies), agency_total or 0) - len(shown_agencies),
        },
    )
