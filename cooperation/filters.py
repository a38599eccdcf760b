"""FilterSets of the five public lists: every GET parameter is validated here.

Parameter names are a public contract (permalinks are shared), see issue 3.
A bad value makes `.is_valid()` false with `.errors` keyed by the parameter name;
views answer 400 with those errors. Many-to-many filters use `pk__in` subqueries
so a filtered list never holds duplicates and needs no DISTINCT.

Each facet filter is listed in `Meta.facets`; `filter_queryset(qs, exclude=name)`
applies every other filter, which is what a facet's counts are computed on.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from . import search
from .models import (
    Agency,
    AgencyKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Country,
    Event,
    EventKind,
    Evidence,
    PublicationStatus,
    Source,
    Technology,
)
from .models.tree import Tree

YEAR_MIN, YEAR_MAX = 1000, 9999
UNKNOWN = "unknown"
PUBLISHED = PublicationStatus.PUBLISHED
BINDING_CHOICES = [
    ("yes", _("Legally binding")),
    ("no", _("Not binding")),
    (UNKNOWN, _("Not stated")),
]
AGREEMENT_STATUS_CHOICES = [*AgreementStatus.choices, (UNKNOWN, _("Not stated"))]


def technology_subtree(technologies) -> set[int]:
    """Primary keys of the given technology areas and all their published sub-areas."""
    return Tree.technologies().descendants(t.pk for t in technologies)


def _year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


class YearFilter(django_filters.NumberFilter):
    """A four-digit year on a fuzzy date: a date known only to its year is 1 January."""

    field_class = forms.IntegerField

    def __init__(self, *args, bound: str, **kwargs):
        self.bound = bound
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a year as four digits, e.g. 2023.")}
        )
        super().__init__(*args, **kwargs)
        self.extra.update(min_value=YEAR_MIN, max_value=YEAR_MAX)

    def filter(self, qs: QuerySet, value):
        if value in (None, ""):
            return qs
        if self.bound == "from":
            return qs.filter(**{f"{self.field_name}__gte": _year_start(value)})
        if value >= YEAR_MAX:
            return qs.filter(**{f"{self.field_name}__isnull": False})
        return qs.filter(**{f"{self.field_name}__lt": _year_start(value + 1)})


class SortFilter(django_filters.ChoiceFilter):
    """A whitelisted sort key: `choices` maps each key to its `order_by` fields."""

    def __init__(self, *args, orderings: dict[str, tuple], table_orderings=None, **kwargs):
        # `table_orderings` are the table view's column sorts: valid keys, not in the menu.
        self.menu_keys = tuple(orderings)
        orderings = {**orderings, **(table_orderings or {})}
        self.orderings = orderings
        kwargs.setdefault("choices", [(key, label) for key, (label, _) in orderings.items()])
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value):
        # No choice means the first one, the menu's default. Applying it rather than
        # leaving the model's ordering keeps undated rows last on PostgreSQL too, whose
        # plain DESC puts NULLs first: the list must match what the menu says.
        value = value or next(iter(self.orderings))
        return qs.order_by(*self.orderings[value][1])


def _date_desc(field: str):
    return F(field).desc(nulls_last=True)


def _date_asc(field: str):
    return F(field).asc(nulls_last=True)


def _by_field(key: str, field: str | None = None, then: str = "name") -> dict[str, tuple]:
    """A table column's two sorts on one field, rows without a value last."""
    field = field or key
    return {
        key: (f"{key} (A–Z)", (F(field).asc(nulls_last=True), then, "pk")),
        f"-{key}": (f"{key} (Z–A)", (F(field).desc(nulls_last=True), then, "pk")),
    }


def _by_count(key: str, through, own: str, other: str) -> dict[str, tuple]:
    """A table column's two sorts on how many published `other` entries a row links to."""
    from .models.querysets import published_count

    return {
        key: (f"fewest {key}", (published_count(through, own, other).asc(), "name", "pk")),
        f"-{key}": (f"most {key}", (published_count(through, own, other).desc(), "name", "pk")),
    }


def without_blank_values(data: QueryDict) -> QueryDict:
    """`data` less blank values: a form's "Any" choice sends `technology=`, no filter."""
    kept = QueryDict(mutable=True)
    for name, values in data.lists():
        if values := [v for v in values if v.strip()]:
            kept.setlist(name, values)
    return kept


class ListFilterForm(forms.Form):
    """The form behind a list's FilterSet: checks what no single parameter can."""

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            # Otherwise a swapped range answers an empty list that looks like "no data".
            self.add_error("year_to", f"Enter a year no earlier than year_from ({start}).")
        return data


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet that can leave one filter out, for facet counts."""

    q = django_filters.CharFilter(method="filter_q", max_length=200, label=_("Search"))
    # Facets to list in full on the page (long ones are shortened); changes no results.
    more = django_filters.MultipleChoiceFilter(
        choices=[], method="filter_nothing", label=_("Show every option of")
    )

    def __init__(self, data: QueryDict | None = None, *args, **kwargs):
        if isinstance(data, QueryDict):
            data = without_blank_values(data)
        super().__init__(data, *args, **kwargs)
        self.form.fields["more"].choices = [(name, name) for name in self.facet_names]

    def filter_nothing(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs

    def filter_queryset(self, queryset: QuerySet, exclude: str | None = None) -> QuerySet:
        for name, value in self.form.cleaned_data.items():
            if name == exclude:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_queryset(self, name: str) -> QuerySet:
        """Every filter applied except facet `name` and the sort: what its counts count."""
        return self.filter_queryset(self.queryset.all(), exclude=name).order_by()

    @property
    def facet_names(self) -> tuple[str, ...]:
        return tuple(getattr(self.Meta, "facets", ()))

    def subtree(self, technologies) -> set[int]:
        """technology_subtree, computed once per request whatever the number of facets."""
        key = tuple(sorted(t.pk for t in technologies))
        cache = self.__dict__.setdefault("_subtrees", {})
        if key not in cache:
            cache[key] = technology_subtree(technologies)
        return cache[key]

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search.filter_queryset(qs, value)


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
        from .models.querysets import evidence_tiers

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
        "-date": (_("Newest first"), (_date_desc(date_field), name_field, "pk")),
        "date": (_("Oldest first"), (_date_asc(date_field), name_field, "pk")),
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
            **_by_field("kind"),
            **_by_field("status"),
            **_by_field("binding", "legally_binding"),
            **_by_count("parties", Agreement.parties.through, "agreement", "agency"),
            **_by_count("areas", Agreement.technologies.through, "agreement", "technology"),
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
            **_by_field("kind"),
            **_by_field("location"),
            **_by_count("parties", Event.participants.through, "event", "agency"),
            **_by_count("areas", Event.technologies.through, "event", "technology"),
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
            **_by_field("kind"),
            **_by_count("agreements", Agreement.parties.through, "agency", "agreement"),
            **_by_count("events", Event.participants.through, "agency", "event"),
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
            **_by_count("agreements", Agreement.technologies.through, "technology", "agreement"),
            **_by_count("events", Event.technologies.through, "technology", "event"),
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
    sort = _dated_sort(
        "published_on", "title", table_orderings=_by_field("publisher", then="title")
    )

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


def filter_errors(filterset) -> dict[str, str]:
    """A FilterSet's errors keyed by parameter, one message each: a 400's explanation."""
    return {name: " ".join(str(m) for m in messages) for name, messages in filterset.errors.items()}
