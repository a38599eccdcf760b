"""What every list's FilterSet shares: years, sorting, facets, the 400's messages."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .. import search
from ..models import (
    AgreementStatus,
    PublicationStatus,
)
from ..models.tree import Tree

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


def date_desc(field: str):
    return F(field).desc(nulls_last=True)


def date_asc(field: str):
    return F(field).asc(nulls_last=True)


def by_field(key: str, field: str | None = None, then: str = "name") -> dict[str, tuple]:
    """A table column's two sorts on one field, rows without a value last."""
    field = field or key
    return {
        key: (f"{key} (A–Z)", (F(field).asc(nulls_last=True), then, "pk")),
        f"-{key}": (f"{key} (Z–A)", (F(field).desc(nulls_last=True), then, "pk")),
    }


def by_count(key: str, through, own: str, other: str) -> dict[str, tuple]:
    """A table column's two sorts on how many published `other` entries a row links to."""
    from ..models.querysets import published_count

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


def filter_errors(filterset) -> dict[str, str]:
    """A FilterSet's errors keyed by parameter, one message each: a 400's explanation."""
    return {name: " ".join(str(m) for m in messages) for name, messages in filterset.errors.items()}
