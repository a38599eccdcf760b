"""QuerySets of the public entities: each owns the prefetching its pages need.

- `for_list()`: a page of an HTML list, with just what its rows show;
- `for_export()`: the JSON twin of a list, with everything it holds;
- `for_csv()`: the CSV export, streamed: related entries by slug only;
- `for_page()`: an entity page, which loads a screenful of each relation itself
  (cooperation/related.py);
- `for_detail()`: an entity's JSON twin, with every relation.

Each loads a page with a constant number of queries; related entries are always
published ones, so no draft leaks through a related list.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .common import PublicationStatus, PublishableQuerySet

PUBLISHED = PublicationStatus.PUBLISHED


def _published(model_name: str):
    return apps.get_model("cooperation", model_name).objects.filter(publication_status=PUBLISHED)


def published_related(lookup: str, model_name: str, *, to_attr: str | None = None) -> Prefetch:
    return Prefetch(lookup, queryset=_published(model_name), to_attr=to_attr)


def published_slugs(lookup: str, model_name: str) -> Prefetch:
    """Related published entries with just their slug: a CSV export lists thousands."""
    return Prefetch(lookup, queryset=_published(model_name).only("slug", "publication_status"))


def published_citations() -> Prefetch:
    """Public citations of both tiers: quotes of published sources, claims of references."""
    citation = apps.get_model("cooperation", "Citation")
    return Prefetch(
        "citations",
        queryset=citation.objects.public()
        .select_related("source", "reference")
        .defer("source__text"),
    )


def evidence_tiers():
    """`has_quoted` and `has_referenced` per row: what a list's CSV says a row stands on.

    Two EXISTS subqueries, so a list of any length costs the same number of queries.
    """
    from django.db.models import Exists, Q

    citation = apps.get_model("cooperation", "Citation")

    def tier(condition):
        def of(model_name):
            return Exists(citation.objects.filter(condition, **{model_name: OuterRef("pk")}))

        return of

    return tier(Q(source__publication_status=PUBLISHED)), tier(Q(reference__isnull=False))


def with_evidence(queryset, model_name: str):
    quoted, referenced = evidence_tiers()
    return queryset.annotate(has_quoted=quoted(model_name), has_referenced=referenced(model_name))


def published_count(through, own: str, other: str):
    """How many published `other` entries the row is linked to through `through`.

    A subquery per row of the page shown, not a join: two joins to thousands of
    agreements and events would multiply each other.
    """
    counted = (
        through.objects.filter(
            **{f"{own}_id": OuterRef("pk"), f"{other}__publication_status": PUBLISHED}
        )
        .order_by()
        .values(f"{own}_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class PageQuerySet(PublishableQuerySet):
    def for_page(self):
        return self


class FiledQuerySet(PageQuerySet):
    """Entries filed under technology areas (a `technologies` M2M)."""

    def in_areas(self, technology_ids):
        """Those filed under any of these areas: one subquery, so no duplicates."""
        through = self.model.technologies.through
        owner = self.model._meta.model_name
        return self.filter(
            pk__in=through.objects.filter(technology_id__in=technology_ids).values(f"{owner}_id")
        )


class AgreementQuerySet(FiledQuerySet):
    def for_list(self):
        return self.prefetch_related(
            published_related("parties", "Agency"),
            published_related("technologies", "Technology"),
        )

    def for_export(self):
        return self.for_list().prefetch_related(
            published_related("events", "Event"), published_citations()
        )

    def for_csv(self):
        return with_evidence(self, "agreement").prefetch_related(
            published_slugs("parties", "Agency"), published_slugs("technologies", "Technology")
        )

    def for_detail(self):
        return self.for_export().prefetch_related(
            published_related("builds_on", "Agreement"),
            published_related("built_upon_by", "Agreement"),
        )


class EventQuerySet(FiledQuerySet):
    def for_list(self):
        return self.prefetch_related(published_related("participants", "Agency"))

    def for_export(self):
        return self.for_list().prefetch_related(
            published_related("technologies", "Technology"),
            published_related("agreements", "Agreement"),
            published_citations(),
        )

    def for_csv(self):
        return with_evidence(self, "event").prefetch_related(
            published_slugs("participants", "Agency"),
            published_slugs("technologies", "Technology"),
            published_slugs("agreements", "Agreement"),
        )

    def for_detail(self):
        return self.for_export()


def _counts(target: str, agreement_relation: str, event_relation: str):
    """How many published agreements and events a published agency or area is linked to."""
    agreement, event = (
        apps.get_model("cooperation", "Agreement"),
        apps.get_model("cooperation", "Event"),
    )
    return {
        "n_agreements": published_count(
            getattr(agreement, agreement_relation).through, target, "agreement"
        ),
        "n_events": published_count(getattr(event, event_relation).through, target, "event"),
    }


def _agency_counts():
    return _counts("agency", "parties", "participants")


def _technology_counts():
    return _counts("technology", "technologies", "technologies")


class AgencyQuerySet(PageQuerySet):
    def for_page(self):
        return self.select_related("parent")

    def for_list(self):
        return self.select_related("parent").annotate(**_agency_counts())

    def for_csv(self):
        return with_evidence(self.select_related("parent"), "agency")

    def for_export(self):
        return self.select_related("parent").prefetch_related(
            published_related("children", "Agency"),
            published_related("agreements", "Agreement"),
            published_related("events", "Event"),
            published_citations(),
        )

    def for_detail(self):
        return self.for_export()


class TechnologyQuerySet(PageQuerySet):
    def for_page(self):
        # The page names the area's other parents beside its parent (issue 18).
        return self.select_related("parent").prefetch_related(
            published_related("also_under", "Technology")
        )

    def directly_under(self, technology):
        """The areas one level below `technology`: its children, and the areas filed
        primarily elsewhere that list it as an extra parent (issue 18). A subquery, not
        a join, so an area with several extra parents is one row."""
        edges = self.model.also_under.through.objects.filter(to_technology=technology)
        return self.filter(Q(parent=technology) | Q(pk__in=edges.values("from_technology")))

    def for_list(self):
        return (
            self.select_related("parent")
            .annotate(**_technology_counts())
            .prefetch_related(published_related("children", "Technology"))
        )

    def for_csv(self):
        return with_evidence(self.select_related("parent"), "technology")

    def for_export(self):
        return self.select_related("parent").prefetch_related(
            published_related("children", "Technology"),
            published_related("also_under", "Technology"),
            published_related("also_children", "Technology"),
            published_related("agreements", "Agreement"),
            published_related("events", "Event"),
            published_citations(),
        )

    def for_detail(self):
        return self.for_export()


class SourceQuerySet(PageQuerySet):
    def for_list(self):
        # The article text is long and only the source's own page shows it.
        return self.defer("text")

    def for_export(self):
        return self.for_list()

    def for_csv(self):
        return self.for_list()

    def for_detail(self):
        # What a source supports is read by its page (cooperation/views/extras.py).
        return self.for_list()
