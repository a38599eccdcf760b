"""The home page: search, technology areas with rolled-up counts, latest additions."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..facets import outline, rolled_up_counts, technology_tree
from ..kept import kept
from ..kinds import KINDS, kind_of
from ..models import Agency, Agreement, Event, PublicationStatus
from ..naming import slug_url

LATEST = 8


def technology_areas() -> list[dict]:
    """Top-level areas with agreement counts rolled up over their sub-areas (2 queries)."""
    nodes, tree = technology_tree()
    pairs = Agreement.technologies.through.objects.filter(
        agreement__publication_status=PublicationStatus.PUBLISHED
    ).values_list("agreement_id", "technology_id")
    counts = rolled_up_counts(pairs, tree)
    areas: list[dict] = []
    for pk, depth in outline(nodes, tree):
        node = nodes[pk]
        entry = {
            "name": node["name"],
            "url": slug_url("cooperation:technology-detail", node["slug"]),
            "count": counts[pk],
            "children": [],
        }
        if depth == 0:
            areas.append(entry)
        elif depth == 1 and areas:
            areas[-1]["children"].append(entry)
    areas.sort(key=lambda a: (-a["count"], a["name"]))
    return areas


def area_tree() -> str:
    """The area tree as HTML: its hundred-odd links are most of the page's rendering."""
    return render_to_string("cooperation/_home_areas.html", {"areas": technology_areas()})


def published_counts() -> list[tuple]:
    return [
        (
            # The kind's label in the page's language; lower-cased as the counts read.
            str(kind.plural).lower(),
            kind.model.objects.published().count(),
            reverse(kind.list_url_name),
        )
        for kind in KINDS.values()
    ]


def home(request: HttpRequest) -> HttpResponse:
    # Neither depends on the URL: kept per content version (cooperation/kept.py).
    counts = kept("home-counts", KINDS, published_counts)
    areas = mark_safe(kept("home-areas", ("agreement", "technology"), area_tree))
    latest = sorted(
        (
            entity
            for model in (Agreement, Event, Agency)
            for entity in model.objects.published().order_by("-created_at", "-pk")[:LATEST]
        ),
        key=lambda e: e.created_at,
        reverse=True,
    )[:LATEST]
    latest_entries = [(entity, kind_of(entity).label) for entity in latest]
    return render(
        request,
        "cooperation/home.html",
        {"counts": counts, "areas": areas, "latest": latest_entries},
    )
