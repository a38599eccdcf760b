"""What some kinds' pages add to the common entity page, for HTML and for JSON.

A kind names its extras in its declaration (`page_extra_path`, cooperation/kinds/).
Each is built lazily: the JSON twin never computes what only the HTML shows.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import cached_property

from .. import pictures, related
from ..filters import active_agency_ids
from ..kinds import CITABLE, KINDS, ref, refs
from ..models import Agency, Agreement, Event, Source, Technology
from ..models.tree import Tree
from ..presentation import highlighted_paragraphs, safe_link
from .browse import can_preview_drafts


class TechnologyExtras:
    """A technology area's page covers its sub-areas too: the main way people browse."""

    def __init__(self, request: HttpRequest, technology: Technology):
        self.request, self.technology = request, technology

    @cached_property
    def subtree(self) -> set[int]:
        """The area and every published area below it, extra parents followed (issue 18):
        read once for the lists and the picture."""
        return Tree.technologies().descendants([self.technology.pk])

    def area(self) -> dict[str, related.RelatedList]:
        """The area's agreements, events and agencies, sub-areas included; also its card's."""
        technology, subtree = self.technology, self.subtree
        agreements = Agreement.objects.filter(
            pk__in=Agreement.technologies.through.objects.filter(technology_id__in=subtree).values(
                "agreement_id"
            )
        )
        events = Event.objects.filter(
            pk__in=Event.technologies.through.objects.filter(technology_id__in=subtree).values(
                "event_id"
            )
        )
        agencies = Agency.objects.filter(pk__in=active_agency_ids(subtree))

        def listed(key: str, heading: str, queryset, kind: str):
            more_url = related.filtered_list_url(
                KINDS[kind].list_url_name, technology=technology.slug
            )
            return related.related_list(key, heading, queryset, more_url=more_url)

        return {
            "agreements": listed("agreements", "Agreements", agreements, "agreement"),
            "events": listed("events", "Events", events, "event"),
            "agencies": listed("agencies", "Agencies active in this area", agencies, "agency"),
        }

    def context(self) -> dict:
        sub_areas = Technology.objects.directly_under(self.technology)
        children = related.related_list("children", "Sub-areas", sub_areas)
        graph = pictures.technology_graph(self.technology, self.subtree)
        return {"area": self.area(), "children": children, "graph": graph}

    def json(self) -> dict:
        # The first screenful of each, with the total and the filtered list holding them all.
        extra = {}
        for key, found in self.area().items():
            extra[f"{key}_including_sub_areas"] = refs(self.request, found.items)
            extra[f"{key}_including_sub_areas_count"] = found.total
        return extra


class SourceExtras:
    """A source's page: its text with the cited passages marked, and what it supports."""

    def __init__(self, request: HttpRequest, source: Source):
        self.request, self.source = request, source
        citations = list(source.citations.select_related(*CITABLE).order_by("pk"))
        show_drafts = can_preview_drafts(request)
        # A draft's citations stay out of the text too: not even an empty anchor or a
        # highlighted passage may say that an unpublished entry cites this source.
        self.citations = [
            c for c in citations if c.target is not None and (c.target.is_published or show_drafts)
        ]
        # kind name → {entry pk: {"entity": entry, "citations": [...]}}
        self.supported: dict[str, dict[int, dict]] = {name: {} for name in CITABLE}
        for citation in self.citations:
            target = citation.target
            entry = self.supported[citation.target_type].setdefault(
                target.pk, {"entity": target, "citations": []}
            )
            entry["citations"].append(citation)

    def context(self) -> dict:
        groups = [
            (kind.heading, list(self.supported[name].values())) for name, kind in CITABLE.items()
        ]
        return {
            "paragraphs": highlighted_paragraphs(self.source.text, self.citations),
            "supported_groups": groups,
            "safe_original_url": safe_link(self.source.original_url),
        }

    def json(self) -> dict:
        supports = {
            kind.key_plural: [
                {
                    **ref(self.request, entry["entity"]),
                    "quotes": [c.quote for c in entry["citations"]],
                }
                for entry in self.supported[name].values()
                if entry["entity"].is_published
            ]
            for name, kind in CITABLE.items()
        }
        return {"supports": supports}
