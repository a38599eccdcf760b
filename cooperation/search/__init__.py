"""Search across the knowledge base, behind one interface.

List pages narrow with `filter_queryset(queryset, q)`. This first version is a
plain case-insensitive match on names; the search work replaces it with one
implementation per database vendor behind this same function.
"""

from django.db.models import Q, QuerySet


def filter_queryset(queryset: QuerySet, q: str) -> QuerySet:
    """Narrow `queryset` to entries matching the user's query `q`."""
    q = q.strip()
    if not q:
        return queryset
    field = "title" if queryset.model._meta.model_name == "source" else "name"
    return queryset.filter(Q(**{f"{field}__icontains": q}))
