"""QuerySets of the public entities: each owns the prefetching its pages need.

`for_list()` loads a page of a list with a constant number of queries; related
entries are always published ones, so no draft leaks through a related list.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Prefetch

from .common import PublicationStatus, PublishableQuerySet

PUBLISHED = PublicationStatus.PUBLISHED


def _published(model_name: str):
    return apps.get_model("cooperation", model_name).objects.filter(publication_status=PUBLISHED)


def published_related(lookup: str, model_name: str, *, to_attr: str | None = None) -> Prefetch:
    return Prefetch(lookup, queryset=_published(model_name), to_attr=to_attr)


def published_citations() -> Prefetch:
    """Citations whose source is published, with the source, in source order."""
    citation = apps.get_model("cooperation", "Citation")
    return Prefetch(
        "citations",
        queryset=citation.objects.filter(source__publication_status=PUBLISHED)
        .select_related("source")
        .defer("source__text"),
    )


class AgreementQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.prefetch_related(
            published_related("parties", "Agency"),
            published_related("technologies", "Technology"),
            published_related("events", "Event"),
            published_citations(),
        )

    def for_detail(self):
        return self.for_list().prefetch_related(
            published_related("builds_on", "Agreement"),
            published_related("built_upon_by", "Agreement"),
        )


class EventQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.prefetch_related(
            published_related("participants", "Agency"),
            published_related("technologies", "Technology"),
            published_related("agreements", "Agreement"),
            published_citations(),
        )

    def for_detail(self):
        return self.for_list()


class AgencyQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.select_related("parent").prefetch_related(
            published_related("children", "Agency"),
            published_related("agreements", "Agreement"),
            published_related("events", "Event"),
            published_citations(),
        )

    def for_detail(self):
        return self.for_list()


class TechnologyQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.select_related("parent").prefetch_related(
            published_related("children", "Technology"),
            published_related("agreements", "Agreement"),
            published_related("events", "Event"),
            published_citations(),
        )

    def for_detail(self):
        return self.for_list()


class SourceQuerySet(PublishableQuerySet):
    def for_list(self):
        # The article text is long and only the source's own page shows it.
        return self.defer("text")

    def for_detail(self):
        citation = apps.get_model("cooperation", "Citation")
        return self.prefetch_related(
            Prefetch(
                "citations",
                queryset=citation.objects.select_related(
                    "agreement", "agency", "technology", "event"
                ).order_by("pk"),
            )
        )
