"""The table view of the lists (`?view=table`): its columns, sortable by their headers.

Presentation only: which columns each kind shows and the link each header
carries. The sorts themselves are whitelisted keys of the list's FilterSet
(`sort`), so a sorted table is a permalink like any filtered list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .filters import FacetedFilterSet
from .models import Agency, Agreement, Event, Source, Technology
from .models.querysets import published_related
from .responses import BadParameters

CARDS, TABLE = "cards", "table"
VIEWS = (CARDS, TABLE)


@dataclass(frozen=True)
class Column:
    label: str
    sort: str | None = None  # the FilterSet's sort key (ascending); None: not sortable
    newest_first: bool = False  # a first click sorts descending (dates, counts)
    numeric: bool = False


COLUMNS: dict[type[Model], list[Column]] = {
    Agreement: [
        Column(_("Name"), "name"),
        Column(_("Kind"), "kind"),
        Column(_("Status"), "status"),
        Column(_("Legally binding"), "binding"),
        Column(pgettext_lazy("date of signing", "Signed"), "date", newest_first=True),
        Column(_("Parties"), "parties", newest_first=True),
        Column(_("Technology areas"), "areas", newest_first=True),
    ],
    Event: [
        Column(_("Name"), "name"),
        Column(_("Kind"), "kind"),
        Column(_("Date"), "date", newest_first=True),
        Column(_("Location"), "location"),
        Column(_("Participants"), "parties", newest_first=True),
        Column(_("Technology areas"), "areas", newest_first=True),
    ],
    Agency: [
        Column(_("Name"), "name"),
        Column(_("Kind"), "kind"),
        Column(_("Country"), "country"),
        Column(_("Part of")),
        Column(_("Agreements"), "agreements", newest_first=True, numeric=True),
        Column(_("Events"), "events", newest_first=True, numeric=True),
    ],
    Technology: [
        Column(_("Name"), "name"),
        Column(_("Sub-area of")),
        Column(_("Agreements"), "agreements", newest_first=True, numeric=True),
        Column(_("Events"), "events", newest_first=True, numeric=True),
    ],
    Source: [
        Column(_("Title"), "title"),
        Column(_("Authors")),
        Column(_("Publisher"), "publisher"),
        Column(_("Published"), "date", newest_first=True),
    ],
}


def requested_view(request: HttpRequest) -> str:
    """`cards` (the default) or `table`; anything else is a 400 naming `view`."""
    value = request.GET.get("view", "") or CARDS
    if value not in VIEWS:
        raise BadParameters({"view": "Choose cards or table."})
    return value


def for_table(model: type[Model], rows: QuerySet) -> QuerySet:
    """What the table's cells show beyond a card's: an event's technology areas."""
    if model is Event:
        return rows.prefetch_related(published_related("technologies", "Technology"))
    return rows


@dataclass(frozen=True)
class Header:
    label: str
    url: str | None  # the link that sorts by this column (or reverses it)
    sorted: str | None  # "ascending" / "descending" when the table is sorted by it
    numeric: bool


def _url(request: HttpRequest, **changes) -> str:
    params: QueryDict = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return f"{request.path}?{params.urlencode()}"


def headers(model: type[Model], request: HttpRequest, filterset: FacetedFilterSet) -> list[Header]:
    sort = filterset.filters.get("sort")
    current = request.GET.get("sort", "") or (next(iter(sort.orderings)) if sort else "")
    result = []
    for column in COLUMNS[model]:
        if not column.sort or sort is None or column.sort not in sort.orderings:
            result.append(Header(column.label, None, None, column.numeric))
            continue
        ascending, descending = column.sort, f"-{column.sort}"
        if current == ascending:
            state, target = "ascending", descending
        elif current == descending:
            state, target = "descending", ascending
        else:
            state, target = None, descending if column.newest_first else ascending
        result.append(
            Header(column.label, _url(request, sort=target, page=None), state, column.numeric)
        )
    return result


def view_links(request: HttpRequest, current: str) -> list[dict]:
    """The switch between cards and table, keeping every filter and the sort."""
    return [
        {
            "label": _("Cards") if view == CARDS else _("Table"),
            "url": _url(request, view=None if view == CARDS else TABLE, page=None),
            "current": view == current,
        }
        for view in VIEWS
    ]
