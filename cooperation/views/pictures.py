"""The pictures area: timeline, matrix and coverage."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.translation import gettext

from .. import charts, pictures
from ..filters import AgreementFilter, EventFilter, filter_errors
from ..models import Agency, Agreement, AgreementKind, Country, Event, EventKind, Technology
from ..responses import BadParameters, bad_request, respond

# The timeline's filters: the parameters agreements and events lists share.
TIMELINE_PARAMETERS = ("technology", "agency", "country", "kind", "year_from", "year_to")
AGREEMENT_KINDS = {value for value, _ in AgreementKind.choices}
EVENT_KINDS = {value for value, _ in EventKind.choices}

INCLUSION_CRITERIA = [
    "Agreements, agencies, technology areas and events of U.S.–Japan defense and dual-use "
    "technology cooperation are included when a held source names them or a public "
    "reference documents them; nothing is added without evidence.",
    "Every entry cites at least one piece of evidence, on one of two tiers: quoted (a "
    "verbatim passage of a source whose text the site holds, checked by machine) or "
    "referenced (an official release, treaty record, report or article identified by "
    "publisher, title, date and address, with the fact stated in our own words).",
    "Facts carry over from references, sentences do not: every summary, description and "
    "claim is written anew; only held sources are quoted.",
    "Agreements are included whether signed, in force, or only expected or proposed; "
    "their status says which, and stays empty when the sources do not say.",
    "Dates are given only as precisely as the sources give them (day, month or year); "
    "anything inferred says how in its note.",
    "Only published entries are shown and counted; drafts under review are not.",
]


def coverage(request: HttpRequest) -> HttpResponse:
    years = pictures.counts_by_year()
    areas = pictures.counts_by_technology()
    dated = [row.year for row in years if row.year is not None]
    data = {
        "years": years,
        "areas": areas,
        "sources": pictures.sources_with_counts(),
        "totals": pictures.totals(years, areas),
        "top_areas": pictures.counts_by_top_level_area(),
        "evidence": pictures.evidence_counts(),
        "span": {"first_year": min(dated, default=None), "last_year": max(dated, default=None)},
    }
    # Bars on one scale per table, so a longer bar always means more entries.
    year_max = max((row.total for row in years), default=0)
    area_max = max((row.total for row in areas), default=0)
    return respond(
        request,
        template="pictures/coverage.html",
        context=data
        | {
            "years": [(row, row.bar(year_max)) for row in years],
            "areas": [(row, row.bar(area_max)) for row in areas],
            "bar_width": charts.BAR_WIDTH,
            "criteria": INCLUSION_CRITERIA,
            "area_minimum": pictures.AREA_MINIMUM_AGREEMENTS,
        },
        json=lambda: _coverage_json(request, **data),
    )


def _coverage_json(request, *, years, areas, sources, totals, top_areas, evidence, span) -> dict:
    return {
        "totals": totals,
        "by_year": [
            {
                "year": row.year,
                "agreements": row.agreements,
                "events": row.events,
                "sources": row.sources,
            }
            for row in years
        ],
        "by_technology": [
            {
                "slug": row.technology.slug,
                "name": row.technology.name,
                "name_ja": row.technology.name_ja,
                "depth": row.depth,
                "agreements": row.agreements,
                "events": row.events,
            }
            for row in areas
        ],
        "inclusion_criteria": INCLUSION_CRITERIA,
        "years": span,
        "evidence": evidence,
        "by_top_level_area": [
            {
                "slug": row.technology.slug,
                "name": row.technology.name,
                "name_ja": row.technology.name_ja,
                "agreements": row.agreements,
                "events": row.events,
                "why_fewer": row.technology.coverage_note
                if row.below_minimum and row.technology.coverage_note
                else None,
            }
            for row in top_areas
        ],
        "sources": [
            {
                "slug": s.slug,
                "title": s.title,
                "publisher": s.publisher,
                "published_on": s.published_on_display,
                "origin_file": s.origin_file,
                "citations": s.n_citations,
                "url": request.build_absolute_uri(s.get_absolute_url()),
            }
            for s in sources
        ],
    }


def matrix(request: HttpRequest) -> HttpResponse:
    data = pictures.technology_matrix()

    def csv_rows():
        for row in data.rows:
            yield [row.technology.name, *("yes" if cell else "" for cell in row.cells)]

    return respond(
        request,
        template="pictures/matrix.html",
        context={"matrix": data},
        json=lambda: {
            "agreements": [
                {
                    "slug": a.slug,
                    "name": str(a),
                    "name_ja": a.name_ja,
                    "url": request.build_absolute_uri(a.get_absolute_url()),
                }
                for a in data.agreements
            ],
            "technologies": [
                {
                    "slug": row.technology.slug,
                    "name": row.technology.name,
                    "name_ja": row.technology.name_ja,
                    "depth": row.depth,
                    "agreements": [
                        a.slug for a, cell in zip(data.agreements, row.cells, strict=True) if cell
                    ],
                }
                for row in data.rows
            ],
        },
        csv=(
            ["technology area", *(str(a) for a in data.agreements)],
            csv_rows,
            "technology-agreement-matrix.csv",
        ),
    )


def timeline_filters(query: QueryDict) -> tuple[AgreementFilter, EventFilter]:
    """The two lists' FilterSets for one timeline query.

    `kind` holds agreement kinds and event kinds together: each FilterSet gets the
    kinds that are its own, and a type none of whose kinds were asked for drops out.
    Raises BadParameters naming every bad parameter.
    """
    # "Any" in the form sends an empty value: it means no filter, not a bad choice.
    given = {name: [v for v in query.getlist(name) if v.strip()] for name in TIMELINE_PARAMETERS}
    kinds = given["kind"]
    unknown = [k for k in kinds if k not in AGREEMENT_KINDS | EVENT_KINDS]
    errors = {}
    if unknown:
        errors["kind"] = gettext("Unknown kind %(kind)s: choose an agreement or event kind.") % {
            "kind": repr(unknown[0])
        }

    def own_query(own_kinds: set[str]) -> tuple[QueryDict, bool]:
        """The query for one FilterSet, and whether `kind` rules its type out."""
        copy = QueryDict(mutable=True)
        for name in TIMELINE_PARAMETERS:
            if name != "kind" and given[name]:
                copy.setlist(name, given[name])
        mine = [k for k in kinds if k in own_kinds]
        copy.setlist("kind", mine)
        return copy, bool(kinds) and not mine

    agreement_query, no_agreements = own_query(AGREEMENT_KINDS)
    event_query, no_events = own_query(EVENT_KINDS)
    agreements = AgreementFilter(
        agreement_query,
        queryset=Agreement.objects.none() if no_agreements else Agreement.objects.published(),
    )
    events = EventFilter(
        event_query, queryset=Event.objects.none() if no_events else Event.objects.published()
    )
    for filterset in (agreements, events):
        if not filterset.is_valid():
            errors |= filter_errors(filterset)
    if errors:
        raise BadParameters(errors)
    return agreements, events


def _choices(model) -> list[tuple[str, str]]:
    """(slug, name) of the published entries, the name in the page's language."""
    rows = model.objects.published().order_by("name").values_list("slug", "name", "name_ja")
    japanese = translation.get_language() == "ja"
    return [(slug, (japanese and name_ja) or name) for slug, name, name_ja in rows]


def timeline(request: HttpRequest) -> HttpResponse:
    try:
        agreements, events = timeline_filters(request.GET)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
    entries = pictures.timeline_entries(agreements.qs, events.qs)
    layout = charts.layout_timeline(entries)
    dated = [mark.entry for band in layout.bands for mark in band.marks]
    selected = {
        name: [v for v in request.GET.getlist(name) if v.strip()] for name in TIMELINE_PARAMETERS
    }
    return respond(
        request,
        template="pictures/timeline.html",
        context={
            "timeline": layout,
            "table": dated + layout.undated,
            "selected": selected,
            "year_from": request.GET.get("year_from", ""),
            "year_to": request.GET.get("year_to", ""),
            "filtered": any(selected.values()),
            "technology_choices": _choices(Technology),
            "agency_choices": _choices(Agency),
            "country_choices": Country.choices,
            "agreement_kinds": AgreementKind.choices,
            "event_kinds": EventKind.choices,
        },
        json=lambda: {
            "entries": [
                {
                    "type": entry.entry_type,
                    "kind": entry.kind,
                    "name": entry.name,
                    "name_ja": entry.name_ja,
                    "date": entry.date.isoformat() if entry.date else None,
                    "date_display": entry.date_display,
                    "url": request.build_absolute_uri(entry.url),
                }
                for entry in dated + layout.undated
            ]
        },
    )
