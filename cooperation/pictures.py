"""Data behind the pictures and the coverage page: each function is a fixed
number of queries, whatever the number of rows, and returns plain data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import ExtractYear

from . import charts
from .filters import technology_subtree
from .models import Agency, Agreement, Event, PublicationStatus, Source, Technology

PUBLISHED = PublicationStatus.PUBLISHED


def tree_order(nodes: list) -> list[tuple[object, int]]:
    """(node, depth) with each node after its parent, siblings by name.

    A node whose parent is not in `nodes` (a draft parent) starts a tree of its own,
    so no published area disappears because its parent is unpublished.
    """
    by_parent = defaultdict(list)
    ids = {node.pk for node in nodes}
    for node in nodes:
        by_parent[node.parent_id if node.parent_id in ids else None].append(node)
    ordered: list[tuple[object, int]] = []

    def walk(parent_id, depth, seen):
        for node in sorted(by_parent.get(parent_id, []), key=lambda n: n.name.casefold()):
            if node.pk in seen:
                continue
            ordered.append((node, depth))
            walk(node.pk, depth + 1, seen | {node.pk})

    walk(None, 0, frozenset())
    return ordered


# --- Coverage ---------------------------------------------------------------


@dataclass
class YearCount:
    year: int | None  # None: the date is not known
    agreements: int = 0
    events: int = 0
    sources: int = 0

    @property
    def total(self) -> int:
        return self.agreements + self.events + self.sources

    def bar(self, largest: int) -> list[charts.BarSegment]:
        parts = [("agreements", self.agreements), ("events", self.events)]
        return charts.stacked_bar([*parts, ("sources", self.sources)], largest)


def counts_by_year() -> list[YearCount]:
    """Agreements by signing year, events by year, sources by publication year."""
    rows: dict[int | None, YearCount] = {}
    for attribute, model, date_field in (
        ("agreements", Agreement, "signed_on"),
        ("events", Event, "date"),
        ("sources", Source, "published_on"),
    ):
        counted = (
            model.objects.published()
            .annotate(year=ExtractYear(date_field))
            .order_by()  # the default ordering would split the GROUP BY
            .values("year")
            .annotate(n=Count("pk"))
        )
        for row in counted:
            entry = rows.setdefault(row["year"], YearCount(year=row["year"]))
            setattr(entry, attribute, row["n"])
    dated = sorted((r for r in rows.values() if r.year is not None), key=lambda r: r.year)
    return dated + ([rows[None]] if None in rows else [])


@dataclass
class AreaCount:
    technology: Technology
    depth: int
    agreements: int
    events: int

    @property
    def total(self) -> int:
        return self.agreements + self.events

    def bar(self, largest: int) -> list[charts.BarSegment]:
        return charts.stacked_bar(
            [("agreements", self.agreements), ("events", self.events)], largest
        )


def totals(years: list[YearCount], areas: list[AreaCount]) -> dict[str, int]:
    """Published entries of each type; one query (agencies), the rest is already counted."""
    return {
        "agreements": sum(row.agreements for row in years),
        "events": sum(row.events for row in years),
        "agencies": Agency.objects.published().count(),
        "technologies": len(areas),
        "sources": sum(row.sources for row in years),
    }


def counts_by_technology() -> list[AreaCount]:
    """Published agreements and events filed directly under each published area."""
    technologies = list(
        Technology.objects.published().annotate(
            n_agreements=Count(
                "agreements", filter=Q(agreements__publication_status=PUBLISHED), distinct=True
            ),
            n_events=Count("events", filter=Q(events__publication_status=PUBLISHED), distinct=True),
        )
    )
    return [
        AreaCount(technology=t, depth=depth, agreements=t.n_agreements, events=t.n_events)
        for t, depth in tree_order(technologies)
    ]


def sources_with_counts() -> list[Source]:
    return list(
        Source.objects.published()
        # Only citations of published entries: a draft's citation must not show
        # (even as a count) that an unpublished entry exists.
        .annotate(
            n_citations=Count(
                "citations",
                filter=Q(citations__agreement__publication_status=PUBLISHED)
                | Q(citations__agency__publication_status=PUBLISHED)
                | Q(citations__technology__publication_status=PUBLISHED)
                | Q(citations__event__publication_status=PUBLISHED),
            )
        )
        .defer("text")  # the article text is long and not shown here
    )


# --- Matrix -----------------------------------------------------------------


@dataclass
class MatrixRow:
    technology: Technology
    depth: int
    cells: list[bool]

    @property
    def count(self) -> int:
        return sum(self.cells)


@dataclass
class Matrix:
    agreements: list[Agreement]
    rows: list[MatrixRow]


def technology_matrix() -> Matrix:
    """Which published areas each published agreement covers (three queries)."""
    agreements = list(
        Agreement.objects.published()
        .only("slug", "name", "acronym", "signed_on", "signed_on_precision")
        # Undated last on both databases (SQLite sorts NULL first by default).
        .order_by(F("signed_on").asc(nulls_last=True), "name")
    )
    technologies = list(Technology.objects.published().only("slug", "name", "parent_id"))
    pairs = set(
        Agreement.technologies.through.objects.filter(
            agreement__publication_status=PUBLISHED, technology__publication_status=PUBLISHED
        ).values_list("technology_id", "agreement_id")
    )
    rows = [
        MatrixRow(
            technology=t,
            depth=depth,
            cells=[(t.pk, agreement.pk) in pairs for agreement in agreements],
        )
        for t, depth in tree_order(technologies)
    ]
    return Matrix(agreements=agreements, rows=rows)


# --- Technology graph -------------------------------------------------------


def technology_graph(technology: Technology) -> charts.Graph:
    """How an area's published agreements, events and agencies connect.

    Like the area's page, it covers the sub-areas too. The picture shows a column
    of each (charts.GRAPH_MAX_PER_COLUMN), so only those are loaded, with the
    links between them; the rest are counted. A fixed number of queries, whatever
    the size of the area.
    """
    limit = charts.GRAPH_MAX_PER_COLUMN
    subtree = technology_subtree([technology]) | {technology.pk}
    area_agreements = Agreement.objects.published().filter(
        pk__in=Agreement.technologies.through.objects.filter(technology_id__in=subtree).values(
            "agreement_id"
        )
    )
    area_events = Event.objects.published().filter(
        pk__in=Event.technologies.through.objects.filter(technology_id__in=subtree).values(
            "event_id"
        )
    )
    # Each list's total comes with its rows (a window over the whole match).
    agreements = list(
        area_agreements.only("slug", "name", "acronym", "signed_on")
        .annotate(total=Window(Count("pk")))
        .order_by(F("signed_on").asc(nulls_last=True), "name", "pk")[:limit]
    )
    events = list(
        area_events.only("slug", "name", "date")
        .annotate(total=Window(Count("pk")))
        .order_by(F("date").asc(nulls_last=True), "name", "pk")[:limit]
    )
    middle_total = sum(rows[0].total for rows in (agreements, events) if rows)
    events = events[: limit - len(agreements)]

    # Agencies linked to more of the area's entries first: a cut column keeps the central ones.
    degree: Counter = Counter()
    for through, owner, owners in (
        (Agreement.parties.through, "agreement", area_agreements),
        (Event.participants.through, "event", area_events),
    ):
        rows = (
            through.objects.filter(
                **{f"{owner}_id__in": owners.values("pk")}, agency__publication_status=PUBLISHED
            )
            .values_list("agency_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        degree.update(dict(rows))
    cut = sorted(degree.values(), reverse=True)[limit - 1] if len(degree) >= limit else 0
    candidates = Agency.objects.filter(pk__in=[pk for pk, n in degree.items() if n >= cut])
    ordered_agencies = sorted(
        candidates.only("slug", "name", "acronym"),
        key=lambda a: (-degree[a.pk], a.name.casefold()),
    )[:limit]

    agreement_ids = [a.pk for a in agreements]
    event_ids = [e.pk for e in events]
    agency_ids = [a.pk for a in ordered_agencies]
    links = [
        (f"agreement-{a}", f"agency-{b}")
        for a, b in Agreement.parties.through.objects.filter(
            agreement_id__in=agreement_ids, agency_id__in=agency_ids
        ).values_list("agreement_id", "agency_id")
    ]
    links += [
        (f"event-{e}", f"agency-{b}")
        for e, b in Event.participants.through.objects.filter(
            event_id__in=event_ids, agency_id__in=agency_ids
        ).values_list("event_id", "agency_id")
    ]
    links += [
        (f"event-{e}", f"agreement-{a}")
        for e, a in Event.agreements.through.objects.filter(
            event_id__in=event_ids, agreement_id__in=agreement_ids
        ).values_list("event_id", "agreement_id")
    ]

    def item(prefix, entry):
        return charts.GraphItem(
            key=f"{prefix}-{entry.pk}", name=str(entry), url=entry.get_absolute_url()
        )

    return charts.layout_technology_graph(
        [item("agreement", a) for a in agreements],
        [item("event", e) for e in events],
        [item("agency", a) for a in ordered_agencies],
        links,
        middle_total=middle_total,
        agency_total=len(degree),
    )


# --- Timeline ---------------------------------------------------------------


def timeline_entries(agreements, events) -> list[charts.TimelineEntry]:
    """Rows for the timeline from two (already filtered, published) querysets."""
    entries = [
        charts.TimelineEntry(
            entry_type="agreement",
            kind=a.kind,
            kind_label=a.get_kind_display(),
            name=str(a),
            url=a.get_absolute_url(),
            date=a.signed_on,
            date_display=a.signed_on_display,
        )
        for a in agreements.only(
            "slug", "name", "acronym", "kind", "signed_on", "signed_on_precision"
        )
    ]
    entries += [
        charts.TimelineEntry(
            entry_type="event",
            kind=e.kind,
            kind_label=e.get_kind_display(),
            name=str(e),
            url=e.get_absolute_url(),
            date=e.date,
            date_display=e.date_display,
        )
        for e in events.only("slug", "name", "kind", "date", "date_precision")
    ]
    return entries
