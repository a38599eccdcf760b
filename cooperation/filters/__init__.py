"""FilterSets of the five public lists: every GET parameter is validated here.

Parameter names are a public contract (permalinks are shared), see issue 3.
A bad value makes `.is_valid()` false with `.errors` keyed by the parameter name;
views answer 400 with those errors. Many-to-many filters use `pk__in` subqueries
so a filtered list never holds duplicates and needs no DISTINCT.

Each facet filter is listed in `Meta.facets`; `filter_queryset(qs, exclude=name)`
applies every other filter, which is what a facet's counts are computed on.

Two modules: base.py holds what every list shares (years, sorting, the faceted
FilterSet), lists.py each list's FilterSet.
"""

from .base import (
    AGREEMENT_STATUS_CHOICES,
    BINDING_CHOICES,
    UNKNOWN,
    YEAR_MAX,
    YEAR_MIN,
    FacetedFilterSet,
    ListFilterForm,
    SortFilter,
    YearFilter,
    filter_errors,
    technology_subtree,
    without_blank_values,
)
from .lists import (
    AgencyFilter,
    AgreementFilter,
    EventFilter,
    SourceFilter,
    TechnologyFilter,
    active_agency_ids,
)

__all__ = [
    "AGREEMENT_STATUS_CHOICES",
    "BINDING_CHOICES",
    "UNKNOWN",
    "YEAR_MAX",
    "YEAR_MIN",
    "AgencyFilter",
    "AgreementFilter",
    "EventFilter",
    "FacetedFilterSet",
    "ListFilterForm",
    "SortFilter",
    "SourceFilter",
    "TechnologyFilter",
    "YearFilter",
    "active_agency_ids",
    "filter_errors",
    "technology_subtree",
    "without_blank_values",
]
