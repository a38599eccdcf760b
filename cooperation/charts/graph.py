"""The technology graph: an area's agreements and events facing their agencies."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .text import fit, text_width

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
            (_("Agreements and events"), GRAPH_LEFT_X + 7, "end", entry_nodes),
            (_("Agencies"), GRAPH_RIGHT_X - 7, "start", agency_nodes),
        ],
        edges=edges,
        hidden={
            "agreements and events": max(len(left), middle_total or 0) - len(shown_left),
            "agencies": max(len(agencies), agency_total or 0) - len(shown_agencies),
        },
    )
