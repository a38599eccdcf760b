"""Data behind the pictures and the coverage page: each function is a fixed
number of queries, whatever the number of rows, and returns plain data."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import ExtractYear

from . import charts
from .kinds.base import japanese_name
from .models import Agency, Agreement, Event, PublicationStatus, Source, Technology
from .models.tree import Tree
from .presentation import local_name

PUBLISHED = PublicationStatus.PUBLISHED


def tree_order(nodes: list) -> list[tuple[object, int]]:
    """(node, depth) with each node after its parent, siblings by name; a node whose
    parent is not in `nodes` (a draft parent) starts a tree of its own."""
    return Tree.of_nodes(nodes).ordered(nodes, key=lambda node: node.name.casefold())


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


# Issue 14: a top-level area with fewer agreements than this says why on the coverage page.
AREA_MINIMUM_AGREEMENTS = 3


@dataclass
class TopAreaCount:
    technology: Technology
    agreements: int
    events: int

    @property
    def below_minimum(self) -> bool:
        return self.agreements < AREA_MINIMUM_AGREEMENTS


def counts_by_top_level_area() -> list[TopAreaCount]:
    """Published agreements and events of each top-level area, its sub-areas included.

    Three queries: the published areas with their extra parents (a row per extra parent,
    joined), and the (area, entry) pairs of each kind. An area under two top-level areas
    (issue 18) counts under both.
    """
    rows = list(Technology.objects.published().order_by().annotate(extra_parent_id=F("also_under")))
    technologies = list({t.pk: t for t in rows}.values())
    tree = Tree.of_edges((t.pk, t.parent_id, t.extra_parent_id) for t in rows)
    tops = [t for t in technologies if t.parent_id not in tree.parents]
    roots: dict[int, set[int]] = defaultdict(set)
    for top in tops:
        for pk in tree.descendants([top.pk]):
            roots[pk].add(top.pk)
    counted: dict[str, dict[int, set]] = {}
    for name, model, entry in (("agreements", Agreement, "agreement"), ("events", Event, "event")):
        pairs = model.technologies.through.objects.filter(
            **{f"{entry}__publication_status": PUBLISHED, "technology_id__in": list(roots)}
        ).values_list("technology_id", f"{entry}_id")
        per_root: dict[int, set] = defaultdict(set)
        for tech_id, entry_id in pairs:
            for root in roots[tech_id]:
                per_root[root].add(entry_id)
        counted[name] = per_root
    tops.sort(key=lambda t: t.name.casefold())
    return [
        TopAreaCount(
            technology=t,
            agreements=len(counted["agreements"].get(t.pk, ())),
            events=len(counted["events"].get(t.pk, ())),
        )
        for t in tops
    ]


def evidence_counts() -> dict[str, int]:
    """Public citations by tier, and the references no held source backs yet: two queries."""
    from .models import Citation, Reference

    citations = Citation.objects.public().aggregate(
        quoted=Count("pk", filter=Q(source__isnull=False)),
        referenced=Count("pk", filter=Q(reference__isnull=False)),
    )
    references = Reference.objects.aggregate(
        references=Count("pk"), without_held_source=Count("pk", filter=Q(source__isnull=True))
    )
    return {**citations, **references}


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
        .only("slug", "name", "name_ja", "acronym", "signed_on", "signed_on_precision")
        # Undated last on both databases (SQLite sorts NULL first by default).
        .order_by(F("signed_on").asc(nulls_last=True), "name")
    )
    technologies = list(Technology.objects.published().only("slug", "name", "name_ja", "parent_id"))
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


def _first_by_date(queryset, date_field: str, fields: tuple, limit: int) -> list:
    """The first `limit` rows by date, each carrying the total of the whole match."""
    return list(
        queryset.only(*fields, date_field)
        .annotate(total=Window(Count("pk")))
        .order_by(F(date_field).asc(nulls_last=True), "name", "pk")[:limit]
    )


def _central_agencies(area_agreements, area_events, limit: int) -> tuple[list, int]:
    """The `limit` agencies linked to most of the area's entries, and how many there are.

    Agencies linked to more of the area's entries first: a cut column keeps the central ones.
    """
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
    ordered = sorted(
        candidates.only("slug", "name", "name_ja", "acronym"),
        key=lambda a: (-degree[a.pk], a.name.casefold()),
    )[:limit]
    return ordered, len(degree)


def _links(agreements, events, agencies) -> list[tuple[str, str]]:
    """The links between the entries shown: parties, participants, events of agreements."""
    ids = {
        "agreement": [a.pk for a in agreements],
        "event": [e.pk for e in events],
        "agency": [a.pk for a in agencies],
    }
    links = []
    for through, left, right in (
        (Agreement.parties.through, "agreement", "agency"),
        (Event.participants.through, "event", "agency"),
        (Event.agreements.through, "event", "agreement"),
    ):
        pairs = through.objects.filter(
            **{f"{left}_id__in": ids[left], f"{right}_id__in": ids[right]}
        ).values_list(f"{left}_id", f"{right}_id")
        links += [(f"{left}-{a}", f"{right}-{b}") for a, b in pairs]
    return links


def _graph_item(prefix: str, entry) -> charts.GraphItem:
    # Labelled in the page's language: the Japanese name on /ja/ (issue 15).
    return charts.GraphItem(
        key=f"{prefix}-{entry.pk}", name=local_name(entry), url=entry.get_absolute_url()
    )


def technology_graph(technology: Technology, subtree: set[int] | None = None) -> charts.Graph:
    """How an area's published agreements, events and agencies connect.

    Like the area's page, it covers the sub-areas too. The picture shows a column
    of each (charts.GRAPH_MAX_PER_COLUMN), so only those are loaded, with the
    links between them; the rest are counted. A fixed number of queries, whatever
    the size of the area. `subtree`, when the page has read it already, saves reading
    the tree again.
    """
    limit = charts.GRAPH_MAX_PER_COLUMN
    if subtree is None:
        subtree = Tree.technologies().descendants([technology.pk])
    area_agreements = Agreement.objects.published().in_areas(subtree)
    area_events = Event.objects.published().in_areas(subtree)
    agreements = _first_by_date(
        area_agreements, "signed_on", ("slug", "name", "name_ja", "acronym"), limit
    )
    events = _first_by_date(area_events, "date", ("slug", "name", "name_ja"), limit)
    middle_total = sum(rows[0].total for rows in (agreements, events) if rows)
    events = events[: limit - len(agreements)]
    agencies, agency_total = _central_agencies(area_agreements, area_events, limit)
    return charts.layout_technology_graph(
        [_graph_item("agreement", a) for a in agreements],
        [_graph_item("event", e) for e in events],
        [_graph_item("agency", a) for a in agencies],
        _links(agreements, events, agencies),
        middle_total=middle_total,
        agency_total=agency_total,
    )


# --- Timeline ---------------------------------------------------------------


def _timeline_entry(entry_type: str, entry, date_field: str) -> charts.TimelineEntry:
    return charts.TimelineEntry(
        entry_type=entry_type,
        kind=entry.kind,
        kind_label=entry.get_kind_display(),
        name=str(entry),
        url=entry.get_absolute_url(),
        date=getattr(entry, date_field),
        date_display=getattr(entry, f"{date_field}_display"),
        name_ja=japanese_name(entry),
        label=local_name(entry),
    )


def timeline_entries(agreements, events) -> list[charts.TimelineEntry]:
    """Rows for the timeline from two (already filtered, published) querysets."""
    fields = ("slug", "name", "name_ja", "kind")
    return [
        _timeline_entry("agreement", a, "signed_on")
        for a in agreements.only(*fields, "acronym", "signed_on", "signed_on_precision")
    ] + [
        _timeline_entry("event", e, "date") for e in events.only(*fields, "date", "date_precision")
    ]
