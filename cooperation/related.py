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

from django.db.models import Count, Q, QuerySet, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from .kinds import KINDS, kind_of
from .models import Citation
from .models.common import PublicationStatus

RELATED_SHOWN = 20
CITATIONS_PER_PAGE = 20


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
    # The columns a related list shows (name, acronym, date), and the order it is in.
    fields, ordering = kind_of(queryset.model).display
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


def related_lists(entity) -> dict[str, RelatedList]:
    """The neighbour lists its kind declares for an entity page, by key."""
    lists = {}
    for relation in kind_of(entity).related:
        more_url = ""
        if relation.list_filter:
            list_kind, parameter = relation.list_filter
            more_url = filtered_list_url(KINDS[list_kind].list_url_name, **{parameter: entity.slug})
        queryset = getattr(entity, relation.attribute or relation.key).all()
        lists[relation.key] = related_list(
            relation.id, relation.heading, queryset, more_url=more_url
        )
    return lists


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
