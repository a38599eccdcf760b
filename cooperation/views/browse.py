"""The public lists and entity pages; each answers HTML, JSON (and CSV for lists).

Data flows one way: FilterSet validates GET → QuerySet method owns the prefetching →
one context → `respond()` picks the format. Drafts are shown to staff only, with a
banner; the public gets a 404 for them and never sees them in related lists.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from .. import csv_export, nearest, permalinks, related, tables
from .. import facets as facet_service
from ..filters import FacetedFilterSet, filter_errors
from ..kinds import KINDS, Kind, kind_of
from ..models import Agency, SlugRedirect, Technology
from ..presentation import structured_data
from ..querystring import query_string, with_query
from ..responses import (
    CSV,
    HTML,
    JSON,
    BadParameters,
    bad_request,
    csv_response,
    json_response,
    not_found,
    page_from_text,
    requested_format,
    wants_data,
)

PAGE_SIZE = 25


# --- lists ---------------------------------------------------------------------


def parse_page(request: HttpRequest, name: str, message: str) -> int:
    number = page_from_text(request.GET.get(name, "1"))
    if number is None:
        raise BadParameters({name: message})
    return number


def page_number(request: HttpRequest) -> int:
    return parse_page(request, "page", gettext("Enter a page number (a whole number, 1 or more)."))


def _page_url(request: HttpRequest, number: int | None) -> str | None:
    if number is None:
        return None
    query = query_string(request.GET, set={"page": number})
    return request.build_absolute_uri(f"{request.path}?{query}")


# List parameters whose values are slugs of entries that can be renamed.
RENAMEABLE = {"technology": Technology, "agency": Agency}


def renamed_filter_url(request: HttpRequest, filterset: FacetedFilterSet) -> str | None:
    """This list's URL with former slugs in its filters replaced by current ones.

    A shared filtered list is a permalink too: `?technology=<old slug>` must keep
    working after a rename. Only asked once validation failed, so a valid list
    pays no query for it. None when no bad value is a former slug.
    """
    names = [name for name in filterset.errors if name in RENAMEABLE]
    if not names:
        return None
    renamed_values: dict[str, list[str]] = {}
    for name in names:
        model = RENAMEABLE[name]
        values = request.GET.getlist(name)
        moved = dict(
            SlugRedirect.objects.filter(
                entity_type=model._meta.model_name, old_slug__in=values
            ).values_list("old_slug", "object_id")
        )
        if not moved:
            continue
        current = dict(
            model.objects.published().filter(pk__in=moved.values()).values_list("pk", "slug")
        )
        renamed = [current.get(moved.get(value), value) for value in values]
        if renamed != values:
            renamed_values[name] = renamed
    if not renamed_values:
        return None
    return f"{request.path}?{query_string(request.GET, set=renamed_values)}"


def list_view(kind: Kind):
    """The list page of a kind: HTML, or its JSON or CSV twin."""

    def view(request: HttpRequest) -> HttpResponse:
        return _list(request, kind)

    view.__name__ = view.__qualname__ = f"{kind.name}_list"
    return view


def _list(request: HttpRequest, kind: Kind) -> HttpResponse:
    if clean := permalinks.clean_url(request):
        return HttpResponsePermanentRedirect(clean)
    filterset = kind.filterset(request.GET, queryset=kind.model.objects.published())
    if not filterset.is_valid():
        if moved := renamed_filter_url(request, filterset):
            return HttpResponsePermanentRedirect(moved)
        return bad_request(request, filter_errors(filterset))
    try:
        number = page_number(request)
        fmt = requested_format(request, (HTML, JSON, CSV))
        view = tables.requested_view(request)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
    name = kind.model._meta.verbose_name_plural
    if fmt == CSV:
        return _list_csv(request, kind, filterset, str(name))
    if fmt == JSON:
        results = filterset.qs.for_export()
    else:
        results = filterset.qs.for_list()
        if view == tables.TABLE:
            results = tables.for_table(kind.model, results)
    paginator = Paginator(results, PAGE_SIZE)
    if number < 1 or number > paginator.num_pages:
        # The kind's plural in the page's language ("agreements", "協定").
        plural = str(kind.plural).lower()
        return _no_such_page(request, number, paginator.num_pages, plural)
    page = paginator.page(number)
    facets = facet_service.build_facets(filterset, request.GET, complete=fmt == JSON)
    if fmt == JSON:
        return _list_json(request, kind, paginator, page, facets)
    return _list_page(request, kind, filterset, paginator, page, facets, view)


def _list_csv(request: HttpRequest, kind: Kind, filterset, name: str) -> HttpResponse:
    """The whole filtered list, streamed; no page, no facets."""
    header, row = csv_export.columns(kind)
    rows = csv_export.rows(kind, filterset.qs).iterator(chunk_size=1000)
    return csv_response(
        header, (row(request, e) for e in rows), csv_export.filename(name, request.GET)
    )


def _list_json(request: HttpRequest, kind: Kind, paginator, page, facets) -> HttpResponse:
    return json_response(
        {
            "count": paginator.count,
            "next": _page_url(request, page.next_page_number() if page.has_next() else None),
            "previous": _page_url(
                request, page.previous_page_number() if page.has_previous() else None
            ),
            "results": [kind.payload(request, e) for e in page.object_list],
            "facets": facet_service.facets_json(facets),
        }
    )


def _list_page(request, kind: Kind, filterset, paginator, page, facets, view) -> HttpResponse:
    chips = facet_service.build_chips(filterset, request.GET, facets)
    canonical = query_string(request.GET, drop=["format"])
    context = {
        "title": kind.list_title,
        # A filtered list is a permalink: its link preview names the filters.
        "canonical_url": request.build_absolute_uri(with_query(request.path, canonical)),
        "card_url": request.build_absolute_uri(
            with_query(reverse(f"cooperation:{kind.name}-list-card"), canonical)
        ),
        "description": _list_description(paginator.count, kind, chips),
        "list_name": kind.plural,
        "filter": filterset,
        "page": page,
        "paginator": paginator,
        "facets": facets,
        "chips": chips,
        "row_template": kind.row_template,
        "sort_options": _sort_options(filterset, request),
        "full_title": permalinks.filtered_title(kind.list_title, chips),
        "view": view,
        "view_links": tables.view_links(request, view),
        "table_headers": tables.headers(kind.model, request, filterset)
        if view == tables.TABLE
        else [],
        "table_row_template": kind.row_template.replace("_row_", "_table_row_"),
    }
    return render(request, "cooperation/list.html", context)


def _no_such_page(request: HttpRequest, number: int, last: int, name: str) -> HttpResponse:
    values = {"number": number, "name": name, "last": last}
    if last == 1:
        message = gettext("There is no page %(number)s of these %(name)s: they fit on one page.")
        link = gettext("Go to the %(name)s")
    else:
        message = gettext(
            "There is no page %(number)s of these %(name)s: pages run from 1 to %(last)s."
        )
        link = gettext("Go to the last page (%(last)s)")
    return not_found(
        request,
        {"page": message % values},
        heading=gettext("No page %(number)s of these %(name)s") % values,
        links=[(link % values, f"{request.path}?{query_string(request.GET, set={'page': last})}")],
    )


def _list_description(count: int, kind: Kind, chips) -> str:
    # The kind's labels, in the page's language: "3 agreements", "3 協定".
    text = f"{count} {str(kind.label if count == 1 else kind.plural).lower()}"
    if chips:
        text += " · " + "; ".join(f"{chip.label}: {chip.value}" for chip in chips)
    return Truncator(text).chars(200)


def _sort_options(filterset: FacetedFilterSet, request: HttpRequest) -> list[dict]:
    if "sort" not in filterset.filters:
        return []
    current = request.GET.get("sort", "")
    menu = filterset.filters["sort"].menu_keys
    choices = [(v, label) for v, label in filterset.form.fields["sort"].choices if v in menu]
    default = choices[0][0] if choices else ""
    if current and current not in menu:  # a table column's sort: the menu says so
        label = filterset.filters["sort"].orderings[current][0]
        choices.append((current, f"Table column: {label}"))
    return [
        {"value": value, "label": label, "selected": value == (current or default)}
        for value, label in choices
        if value
    ]


# --- entity pages ----------------------------------------------------------------


def can_preview_drafts(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def get_entity_or_redirect(request: HttpRequest, queryset: QuerySet, slug: str):
    """The entry at `slug`; a 301 from a former slug; else 404. Drafts for staff only.

    Returns a response (the redirect, or a JSON 404 for a twin) instead of an entry.
    """
    model = queryset.model
    visible = model.objects.all()
    if not can_preview_drafts(request):
        queryset = queryset.published()
        visible = visible.published()
    entity = queryset.filter(slug=slug).first()
    if entity is not None:
        return entity
    model_name = model._meta.model_name
    moved = SlugRedirect.objects.filter(entity_type=model_name, old_slug=slug).first()
    if moved is not None:
        target = visible.filter(pk=moved.object_id).only("pk", "slug").first()
        if target is not None:
            url = target.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
    message = gettext("No %(kind)s is published at this address.") % {
        "kind": str(kind_of(model).label).lower()
    }
    if wants_data(request):
        return not_found(request, {"slug": message}, heading=gettext("Not found"))
    # A mistyped address: the site's 404 page, offering the entries it most likely meant.
    context = {
        "suggestions": nearest.nearest_entries(model_name, slug),
        "kind_plural": str(kind_of(model).plural).lower(),
        "list_url": reverse(f"cooperation:{model_name}-list"),
    }
    return render(request, "404.html", context, status=404)


def citations_page(request: HttpRequest, entity) -> Page:
    """The page of the entity's citations that `?citations=N` asks for (20 a page)."""
    number = parse_page(
        request, "citations", gettext("Enter a page number of citations (1 or more).")
    )
    paginator = Paginator(related.citations_of(entity), related.CITATIONS_PER_PAGE)
    if number < 1 or number > paginator.num_pages:
        raise Http404(
            gettext("There is no page %(number)s of citations of this entry.") % {"number": number}
        )
    return paginator.page(number)


def detail_view(kind: Kind):
    """The page of one entry of a kind, or its JSON twin."""

    def view(request: HttpRequest, slug: str) -> HttpResponse:
        return _detail(request, kind, slug)

    view.__name__ = view.__qualname__ = f"{kind.name}_detail"
    return view


def _detail(request: HttpRequest, kind: Kind, slug: str) -> HttpResponse:
    """An entity page. HTML lists a screenful of each relation; JSON lists them all."""
    try:
        fmt = requested_format(request)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
    entity = get_entity_or_redirect(request, kind.model.objects.for_page(), slug)
    if isinstance(entity, HttpResponse):
        return entity
    extras = kind.page_extra(request, entity) if kind.page_extra else None
    if fmt == JSON:
        # The machine-readable twin is complete: every relation and citation.
        full = kind.model.objects.for_detail().get(pk=entity.pk)
        return json_response({**kind.payload(request, full), **(extras.json() if extras else {})})
    context = {
        "entity": entity,
        "canonical_url": request.build_absolute_uri(entity.get_absolute_url()),
        "card_url": request.build_absolute_uri(
            reverse(f"cooperation:{kind.name}-card", args=[entity.slug])
        ),
        "accessed_on": datetime.date.today(),
        "is_draft": not entity.is_published,
        "description": Truncator(
            getattr(entity, "summary", "") or getattr(entity, "description", "") or str(entity)
        ).chars(200),
        "type_label": kind.label,
        "type_label_plural": kind.plural,
        "model_name": kind.name,
        "list_url": reverse(kind.list_url_name),
        "related": related.related_lists(entity),
        **(extras.context() if extras else {}),
    }
    if kind.citable:
        try:
            context["citations_page"] = citations_page(request, entity)
        except BadParameters as exc:
            return bad_request(request, exc.errors)
        context["citations"] = context["citations_page"].object_list
        context["evidence"] = related.evidence_counts(entity)
    context["structured_data"] = structured_data(
        request, entity, context["related"], context.get("citations")
    )
    return render(request, kind.detail_template, context)


LIST_VIEWS = {name: list_view(kind) for name, kind in KINDS.items()}
DETAIL_VIEWS = {name: detail_view(kind) for name, kind in KINDS.items()}
