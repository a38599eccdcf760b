"""What an entity page lists of its neighbours: a first screenful of each, and the count.

A popular agency is party to thousands of agreements and cited by thousands of
articles. Its page shows the first RELATED_SHOWN of each relation (newest
first), says how many there are in all, and links to the list filtered to this
entry, where the rest are paginated. Each relation costs one query, which
also counts them. Only published entries
are listed, so no draft leaks through a published neighbour's page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from .models import Agency, Agreement, Citation, Event, Technology
from .models.common import PublicationStatus

RELATED_SHOWN = 20
CITATIONS_PER_PAGE = 20

# The columns a related list shows (name, acronym, date), and the order it is in.
DISPLAY = {
    Agreement: (
        ("slug", "name", "acronym", "signed_on", "signed_on_precision", "publication_status"),
        (F("signed_on").desc(nulls_last=True), "name", "pk"),
    ),
    Event: (
        ("slug", "name", "date", "date_precision", "publication_status"),
        (F("date").desc(nulls_last=True), "name", "pk"),
    ),
    # `parent`: a children list sets each child's parent; `kind`: the page's JSON-LD types it.
    Agency: (("slug", "name", "acronym", "kind", "parent", "publication_status"), ("name", "pk")),
    Technology: (("slug", "name", "parent", "publication_status"), ("name", "pk")),
}


@dataclass
class RelatedList:
    """One relation of an entity page: the entries shown, how many in all, and the list
    (filtered to this entry) that holds them all, where there is one."""

    id: str
    heading: str
    items: list
    total: int
    more_url: str = ""

    @property
    def more(self) -> bool:
        return self.total > len(self.items)


def for_display(queryset: QuerySet) -> QuerySet:
    fields, ordering = DISPLAY[queryset.model]
    return (
        queryset.filter(publication_status=PublicationStatus.PUBLISHED)
        .only(*fields)
        .order_by(*ordering)
    )


def related_list(
    id: str, heading: str, queryset: QuerySet, *, more_url: str = "", shown: int = RELATED_SHOWN
) -> RelatedList:
    # The total comes with the rows (a window over the whole match), in one query.
    rows = list(for_display(queryset).annotate(total=Window(Count("pk")))[:shown])
    total = rows[0].total if rows else 0
    return RelatedList(id, heading, rows, total, more_url)


def filtered_list_url(url_name: str, **params: str) -> str:
    return f"{reverse(url_name)}?{urlencode(params)}"


def agreement_related(agreement: Agreement) -> dict[str, RelatedList]:
    return {
        "parties": related_list("parties", "Parties", agreement.parties.all()),
        "technologies": related_list(
            "technologies", "Technology areas", agreement.technologies.all()
        ),
        "events": related_list("events", "Events", agreement.events.all()),
        "builds_on": related_list("builds-on", "Builds on", agreement.builds_on.all()),
        "built_upon_by": related_list(
            "built-upon-by", "Built upon by", agreement.built_upon_by.all()
        ),
    }


def agency_related(agency: Agency) -> dict[str, RelatedList]:
    return {
        "children": related_list("children", "Units and sub-organisations", agency.children.all()),
        "agreements": related_list(
            "agreements",
            "Agreements",
            agency.agreements.all(),
            more_url=filtered_list_url("cooperation:agreement-list", agency=agency.slug),
        ),
        "events": related_list(
            "events",
            "Events",
            agency.events.all(),
            more_url=filtered_list_url("cooperation:event-list", agency=agency.slug),
        ),
    }


def event_related(event: Event) -> dict[str, RelatedList]:
    return {
        "participants": related_list("participants", "Participants", event.participants.all()),
        "technologies": related_list("technologies", "Technology areas", event.technologies.all()),
        "agreements": related_list("agreements", "Agreements", event.agreements.all()),
    }


RELATED = {
    Agreement: agreement_related,
    Agency: agency_related,
    Event: event_related,
}


def citations_of(entity) -> QuerySet:
    """The entity's public citations of both tiers (issue 14), newest document first:
    quotes of published sources and claims of references."""
    return (
        Citation.objects.public()
        .filter(**{entity._meta.model_name: entity})
        .select_related("source", "reference")
        .only(
            "quote",
            "claim",
            "locator",
            "field",
            "source_id",
            "reference_id",
            f"{entity._meta.model_name}_id",
            "source__slug",
            "source__title",
            "source__published_on",
            "source__published_on_precision",
            "source__publication_status",
            "reference__slug",
            "reference__title",
            "reference__publisher",
            "reference__published_on",
            "reference__published_on_precision",
            "reference__url",
            "reference__language",
        )
        .order_by(
            Coalesce("source__published_on", "reference__published_on").desc(nulls_last=True),
            "source_id",
            "reference_id",
            "pk",
        )
    )


def evidence_counts(entity) -> dict[str, int]:
    """How many of the entity's public citations stand on each tier: one query."""
    return (
        Citation.objects.public()
        .filter(**{entity._meta.model_name: entity})
        .aggregate(
            quoted=Count("pk", filter=Q(source__isnull=False)),
            referenced=Count("pk", filter=Q(reference__isnull=False)),
        )
    )
