"""The FilterSet of each public list."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import (
    Agency,
    AgencyKind,
    Agreement,
    AgreementKind,
    Country,
    Event,
    EventKind,
    Evidence,
    PublicationStatus,
    Source,
    Technology,
)
from .base import (
    AGREEMENT_STATUS_CHOICES,
    BINDING_CHOICES,
    PUBLISHED,
    UNKNOWN,
    FacetedFilterSet,
    ListFilterForm,
    SortFilter,
    YearFilter,
    by_count,
    by_field,
    date_asc,
    date_desc,
)


def _through_filter(qs: QuerySet, through, owner: str, target: str, values) -> QuerySet:
    """Rows of `qs` linked through the M2M table `through` to any of `values` (OR)."""
    return qs.filter(
        pk__in=through.objects.filter(**{f"{target}__in": values}).values(f"{owner}_id")
    )


def _technology_filter(label=None):
    return django_filters.ModelMultipleChoiceFilter(
        queryset=Technology.objects.published(),
        to_field_name="slug",
        method="filter_technology",
        label=label or _("Technology area"),
    )


def _evidence_filter():
    return django_filters.ChoiceFilter(
        choices=Evidence.choices,
        method="filter_evidence",
        label=_("Evidence"),
        error_messages={"invalid_choice": "Choose quoted or referenced."},
    )


class _EvidenceMixin:
    """`evidence=quoted|referenced`: entries with at least one public citation of that tier."""

    def filter_evidence(self, qs: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return qs
        from ..models.querysets import evidence_tiers

        quoted, referenced = evidence_tiers()
        tier = quoted if value == Evidence.QUOTED else referenced
        return qs.filter(tier(self.queryset.model._meta.model_name))


class _TechnologyMixin:
    """`technology` on a model with a `technologies` M2M: the areas and their sub-areas."""

    def filter_technology(self, qs: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return qs
        return qs.in_areas(self.subtree(value))


def _agency_filter():
    return django_filters.ModelMultipleChoiceFilter(
        queryset=Agency.objects.published(),
        to_field_name="slug",
        method="filter_agency",
        label=_("Agency"),
    )


class _PartiesMixin:
    """`agency` and `country` on a model whose agencies are the M2M `agencies_field`."""

    agencies_field = ""

    def _agencies_through(self):
        model = self.queryset.model
        return getattr(model, self.agencies_field).through, model._meta.model_name

    def filter_agency(self, qs: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return qs
        through, owner = self._agencies_through()
        return _through_filter(qs, through, owner, "agency_id", [a.pk for a in value])

    def filter_country(self, qs: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return qs
        through, owner = self._agencies_through()
        return qs.filter(
            pk__in=through.objects.filter(
                agency__country__in=value, agency__publication_status=PUBLISHED
            ).values(f"{owner}_id")
        )


# The name sorts of a dated list's menu, by the field its entries are named by.
_NAME_SORTS = {
    "name": (_("Name A–Z"), _("Name Z–A")),
    "title": (_("Title A–Z"), _("Title Z–A")),
}


def _dated_sort(date_field: str, name_field: str = "name", *, table_orderings=None):
    """The sort menu of a dated list: newest first (readers of defence policy look
    for the latest), oldest first, and by name either way; plus the table's columns."""
    by_date = {
        "-date": (_("Newest first"), (date_desc(date_field), name_field, "pk")),
        "date": (_("Oldest first"), (date_asc(date_field), name_field, "pk")),
    }
    by_name = {
        name_field: (_NAME_SORTS[name_field][0], (name_field, "pk")),
        f"-{name_field}": (_NAME_SORTS[name_field][1], (f"-{name_field}", "-pk")),
    }
    return SortFilter(
        orderings={**by_date, **by_name}, table_orderings=table_orderings, label=_("Sort by")
    )


class AgreementFilter(_EvidenceMixin, _PartiesMixin, _TechnologyMixin, FacetedFilterSet):
    agencies_field = "parties"
    technology = _technology_filter()
    evidence = _evidence_filter()
    agency = _agency_filter()
    country = django_filters.MultipleChoiceFilter(
        choices=Country.choices, method="filter_country", label=_("Country of a party")
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=AgreementKind.choices, label=_("Kind"), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=AGREEMENT_STATUS_CHOICES, method="filter_status", label=_("Status")
    )
    binding = django_filters.MultipleChoiceFilter(
        choices=BINDING_CHOICES, method="filter_binding", label=_("Legally binding")
    )
    year_from = YearFilter(field_name="signed_on", bound="from", label=_("Signed from (year)"))
    year_to = YearFilter(field_name="signed_on", bound="to", label=_("Signed up to (year)"))
    sort = _dated_sort(
        "signed_on",
        table_orderings={
            **by_field("kind"),
            **by_field("status"),
            **by_field("binding", "legally_binding"),
            **by_count("parties", Agreement.parties.through, "agreement", "agency"),
            **by_count("areas", Agreement.technologies.through, "agreement", "technology"),
        },
    )

    class Meta:
        model = Agreement
        fields: list = []
        form = ListFilterForm
        facets = ("technology", "agency", "country", "kind", "status", "binding")

    def filter_status(self, qs: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return qs
        return qs.filter(status__in=["" if v == UNKNOWN else v for v in value])

    def filter_binding(self, qs: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return qs
        cond = Q(pk__in=[])
        if "yes" in value:
            cond |= Q(legally_binding=True)
        if "no" in value:
            cond |= Q(legally_binding=False)
        if UNKNOWN in value:
            cond |= Q(legally_binding__isnull=True)
        return qs.filter(cond)


class EventFilter(_EvidenceMixin, _PartiesMixin, _TechnologyMixin, FacetedFilterSet):
    agencies_field = "participants"
    evidence = _evidence_filter()
    technology = _technology_filter()
    agency = _agency_filter()
    country = django_filters.MultipleChoiceFilter(
        choices=Country.choices, method="filter_country", label=_("Country of a participant")
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=EventKind.choices, label=_("Kind"), distinct=False
    )
    year_from = YearFilter(field_name="date", bound="from", label=_("From (year)"))
    year_to = YearFilter(field_name="date", bound="to", label=_("Up to (year)"))
    sort = _dated_sort(
        "date",
        table_orderings={
            **by_field("kind"),
            **by_field("location"),
            **by_count("parties", Event.participants.through, "event", "agency"),
            **by_count("areas", Event.technologies.through, "event", "technology"),
        },
    )

    class Meta:
        model = Event
        fields: list = []
        form = ListFilterForm
        facets = ("technology", "agency", "country", "kind")


class AgencyFilter(_EvidenceMixin, FacetedFilterSet):
    evidence = _evidence_filter()
    country = django_filters.MultipleChoiceFilter(
        choices=Country.choices, label=_("Country"), distinct=False
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=AgencyKind.choices, label=_("Kind"), distinct=False
    )
    technology = _technology_filter(_("Active in technology area"))
    sort = SortFilter(
        orderings={
            "name": (_("Name A–Z"), ("name", "pk")),
            "-name": (_("Name Z–A"), ("-name", "-pk")),
            "country": (_("Country"), ("country", "name", "pk")),
        },
        table_orderings={
            "-country": (_("Country, Z–A"), ("-country", "name", "pk")),
            **by_field("kind"),
            **by_count("agreements", Agreement.parties.through, "agency", "agreement"),
            **by_count("events", Event.participants.through, "agency", "event"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Agency
        fields: list = []
        facets = ("country", "kind", "technology")

    def filter_technology(self, qs: QuerySet, name: str, value) -> QuerySet:
        """Agencies party to an agreement, or taking part in an event, in the areas."""
        if not value:
            return qs
        return qs.filter(pk__in=active_agency_ids(self.subtree(value)))


def active_agency_ids(technology_ids) -> QuerySet:
    """Agencies active in the technology areas: through published agreements or events."""
    parties = Agreement.parties.through.objects.filter(
        agreement__publication_status=PublicationStatus.PUBLISHED,
        agreement__in=Agreement.technologies.through.objects.filter(
            technology_id__in=technology_ids
        ).values("agreement_id"),
    ).values("agency_id")
    participants = Event.participants.through.objects.filter(
        event__publication_status=PublicationStatus.PUBLISHED,
        event__in=Event.technologies.through.objects.filter(
            technology_id__in=technology_ids
        ).values("event_id"),
    ).values("agency_id")
    return parties.union(participants)


class TechnologyFilter(_EvidenceMixin, FacetedFilterSet):
    evidence = _evidence_filter()
    sort = SortFilter(
        orderings={
            "name": (_("Name A–Z"), ("name", "pk")),
            "-name": (_("Name Z–A"), ("-name", "-pk")),
        },
        table_orderings={
            **by_count("agreements", Agreement.technologies.through, "technology", "agreement"),
            **by_count("events", Event.technologies.through, "technology", "event"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Technology
        fields: list = []
        facets: tuple = ()


class SourceFilter(FacetedFilterSet):
    publisher = django_filters.MultipleChoiceFilter(
        choices=[], label=_("Publisher"), distinct=False
    )
    year_from = YearFilter(
        field_name="published_on", bound="from", label=_("Published from (year)")
    )
    year_to = YearFilter(field_name="published_on", bound="to", label=_("Published up to (year)"))
    sort = _dated_sort("published_on", "title", table_orderings=by_field("publisher", then="title"))

    class Meta:
        model = Source
        fields: list = []
        form = ListFilterForm
        facets = ("publisher",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Publishers are free text: the valid values are those of published sources.
        publishers = (
            Source.objects.published()
            .exclude(publisher="")
            .order_by("publisher")
            .values_list("publisher", flat=True)
            .distinct()
        )
        self.form.fields["publisher"].choices = [(p, p) for p in publishers]
