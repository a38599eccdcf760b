"""The CSV export of a list, as an analyst uses it (issue 18).

Each kind declares its columns (`csv`, then the analyst's `csv_more`, cooperation/kinds)
and the prefetches they read; here they are put together. The file name says what was
filtered.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from .kinds import Kind
from .kinds.base import attribute
from .models import PublicationStatus

PUBLISHED = PublicationStatus.PUBLISHED
FILENAME_MAX = 120
# Parameters that change how a list is shown, not what it holds.
PRESENTATION_PARAMETERS = ("page", "format", "sort", "per_page", "view", "more")


def columns(kind: Kind) -> tuple[list[str], Callable]:
    """(header, row function): the established columns, then the analyst's, then the
    Japanese name (issue 15) where the kind has one."""
    more = list(kind.csv_more)
    if any(field.name == "name_ja" for field in kind.model._meta.fields):
        more.append(("name_ja", attribute("name_ja")))

    def row(request: HttpRequest, entry) -> list:
        return [*kind.csv_row(request, entry), *(cell(request, entry) for _, cell in more)]

    return [*kind.csv_header, *(column for column, _ in more)], row


def rows(kind: Kind, results: QuerySet) -> QuerySet:
    return results.for_csv().prefetch_related(*kind.csv_prefetch)


def filename(list_name: str, params: QueryDict) -> str:
    """ "agreements_technology-hypersonics_binding-yes_year_from-2020.csv": what was exported."""
    parts = [list_name]
    for name, values in params.lists():
        kept = [v for v in values if v.strip()]
        if name in PRESENTATION_PARAMETERS or not kept:
            continue
        parts.append(f"{name}-{'+'.join(kept)}")
    text = "_".join(parts).lower()
    text = re.sub(r"[^a-z0-9_+.-]+", "-", text).strip("-")[:FILENAME_MAX].rstrip("-_+.")
    return f"{text}.csv"
