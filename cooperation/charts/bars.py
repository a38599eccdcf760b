"""The stacked bars of the coverage page."""

from __future__ import annotations

from dataclasses import dataclass


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
