"""The public lists and entity pages; each answers HTML, JSON (and CSV for lists).

Data flows one way: FilterSet validates GET → QuerySet method owns the prefetching →
one context → `respond()` picks the format. Drafts are shown to staff only, with a
banner; the public gets a 404 for them and never sees them in related lists.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .. import csv_export, nearest, permalinks, related, tables
from .. import facets as facet_service
from ..filters import (
    AgencyFilter,
    AgreementFilter,
    EventFilter,
    FacetedFilterSet,
    SourceFilter,
    TechnologyFilter,
    active_agency_ids,
    technology_subtree,
)
from ..models import Agency, Agreement, Event, SlugRedirect, Source, Technology
from . import payloads
from .formats import (
    JSON,
    BadParameters,
    bad_request,
    not_found,
    page_from_text,
    requested_format,
    respond,
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
    return parse_page(request, "page", "Enter a page number (a whole number, 1 or more).")


def _page_url(request: HttpRequest, number: int | None) -> str | None:
    if number is None:
        return None
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _errors(filterset: FacetedFilterSet) -> dict[str, str]:
    return {name: " ".join(str(m) for m in messages) for name, messages in filterset.errors.items()}


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
    params = request.GET.copy()
    changed = False
    for name in names:
        model = RENAMEABLE[name]
        values = params.getlist(name)
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
            params.setlist(name, renamed)
            changed = True
    return f"{request.path}?{params.urlencode()}" if changed else None


def _list(
    request: HttpRequest,
    *,
    filter_class: type[FacetedFilterSet],
    model: type[Model],
    title: str,
    row_template: str,
) -> HttpResponse:
    if clean := permalinks.clean_url(request):
        return HttpResponsePermanentRedirect(clean)
    filterset = filter_class(request.GET, queryset=model.objects.published())
    if not filterset.is_valid():
        if moved := renamed_filter_url(request, filterset):
            return HttpResponsePermanentRedirect(moved)
        return bad_request(request, _errors(filterset))
    try:
        number = page_number(request)
        view = tables.requested_view(request)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
    results: QuerySet = filterset.qs
    header, row = csv_export.columns(model)
    name = model._meta.verbose_name_plural
    csv_name = csv_export.filename(str(model._meta.verbose_name_plural), request.GET)
    if request.GET.get("format") == "csv":
        # The export is the whole filtered list, streamed; facets are not needed.
        return respond(
            request,
            template="",
            context={},
            json=dict,
            csv=(
                header,
                lambda: (
                    row(request, e)
                    for e in csv_export.rows(model, results).iterator(chunk_size=1000)
                ),
                csv_name,
            ),
        )
    rows = results.for_list()
    if view == tables.TABLE:
        rows = tables.for_table(model, rows)
    paginator = Paginator(rows, PAGE_SIZE)
    if number < 1 or number > paginator.num_pages:
        last = paginator.num_pages
        params = request.GET.copy()
        params["page"] = str(last)
        return not_found(
            request,
            {
                "page": f"There is no page {number} of these {name}: "
                + ("they fit on one page." if last == 1 else f"pages run from 1 to {last}.")
            },
            heading=f"No page {number} of these {name}",
            links=[
                (
                    f"Go to the last page ({last})" if last > 1 else f"Go to the {name}",
                    f"{request.path}?{params.urlencode()}",
                )
            ],
        )
    page = paginator.page(number)
    page_slice = slice((page.number - 1) * PAGE_SIZE, page.number * PAGE_SIZE)
    wants_json = request.GET.get("format") == "json"
    facets = facet_service.build_facets(filterset, request.GET, complete=wants_json)
    chips = facet_service.build_chips(filterset, request.GET, facets)
    serialize = payloads.SERIALIZERS[model]

    def as_json() -> dict:
        return {
            "count": paginator.count,
            "next": _page_url(request, page.next_page_number() if page.has_next() else None),
            "previous": _page_url(
                request, page.previous_page_number() if page.has_previous() else None
            ),
            "results": [serialize(request, e) for e in results.for_export()[page_slice]],
            "facets": facet_service.facets_json(facets),
        }

    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    canonical = request.GET.copy()
    canonical.pop("format", None)
    return respond(
        request,
        template="cooperation/list.html",
        context={
            "title": title,
            "full_title": permalinks.filtered_title(title, chips),
            # A filtered list is a permalink: its link preview names the filters.
            "canonical_url": request.build_absolute_uri(
                f"{request.path}?{canonical.urlencode()}" if canonical else request.path
            ),
            "description": _list_description(paginator.count, model, chips),
            "list_name": name,
            "filter": filterset,
            "page": page,
            "paginator": paginator,
            "facets": facets,
            "chips": chips,
            "row_template": row_template,
            "view": view,
            "view_links": tables.view_links(request, view),
            "table_headers": tables.headers(model, request, filterset)
            if view == tables.TABLE
            else [],
            "table_row_template": row_template.replace("_row_", "_table_row_"),
            "sort_options": _sort_options(filterset, request),
            "query_without_page": params.urlencode(),
        },
        json=as_json,
        csv=(header, lambda: (row(request, e) for e in csv_export.rows(model, results)), csv_name),
    )


def _list_description(count: int, model: type[Model], chips) -> str:
    meta = model._meta
    text = f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
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


def agreement_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        filter_class=AgreementFilter,
        model=Agreement,
        title="Agreements",
        row_template="browse/_row_agreement.html",
    )


def event_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        filter_class=EventFilter,
        model=Event,
        title="Events",
        row_template="browse/_row_event.html",
    )


def agency_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        filter_class=AgencyFilter,
        model=Agency,
        title="Agencies and organisations",
        row_template="browse/_row_agency.html",
    )


def technology_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        filter_class=TechnologyFilter,
        model=Technology,
        title="Technology areas",
        row_template="browse/_row_technology.html",
    )


def source_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        filter_class=SourceFilter,
        model=Source,
        title="Sources",
        row_template="browse/_row_source.html",
    )


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
    message = f"No {model._meta.verbose_name} is published at this address."
    if wants_data(request):
        return not_found(request, {"slug": message}, heading="Not found")
    # A mistyped address: the site's 404 page, offering the entries it most likely meant.
    context = {
        "suggestions": nearest.nearest_entries(model_name, slug),
        "kind_plural": model._meta.verbose_name_plural,
        "list_url": reverse(f"cooperation:{model_name}-list"),
    }
    return render(request, "404.html", context, status=404)


def citations_page(request: HttpRequest, entity) -> Page:
    """The page of the entity's citations that `?citations=N` asks for (20 a page)."""
    number = parse_page(request, "citations", "Enter a page number of citations (1 or more).")
    paginator = Paginator(related.citations_of(entity), related.CITATIONS_PER_PAGE)
    if number < 1 or number > paginator.num_pages:
        raise Http404(f"There is no page {number} of citations of this entry.")
    return paginator.page(number)


def _detail(
    request: HttpRequest,
    model: type[Model],
    slug: str,
    template: str,
    extra=None,
) -> HttpResponse:
    """An entity page. HTML lists a screenful of each relation; JSON lists them all."""
    try:
        fmt = requested_format(request)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
    entity = get_entity_or_redirect(request, model.objects.for_page(), slug)
    if isinstance(entity, HttpResponse):
        return entity
    extra_context, extra_json = extra(request, entity, fmt) if extra else ({}, {})
    if fmt == JSON:
        # The machine-readable twin is complete: every relation and citation.
        full = model.objects.for_detail().get(pk=entity.pk)
        serialize = payloads.SERIALIZERS[model]
        return JsonResponse(
            {**serialize(request, full), **extra_json}, json_dumps_params={"ensure_ascii": False}
        )
    context = {
        "entity": entity,
        "canonical_url": request.build_absolute_uri(entity.get_absolute_url()),
        "accessed_on": datetime.date.today(),
        "is_draft": not entity.is_published,
        "description": Truncator(
            getattr(entity, "summary", "") or getattr(entity, "description", "") or str(entity)
        ).chars(200),
        "type_label": entity._meta.verbose_name,
        "type_label_plural": entity._meta.verbose_name_plural,
        "model_name": entity._meta.model_name,
        "list_url": reverse(f"cooperation:{entity._meta.model_name}-list"),
        "related": related.RELATED[model](entity) if model in related.RELATED else {},
        **extra_context,
    }
    if model is not Source:
        try:
            context["citations_page"] = citations_page(request, entity)
        except BadParameters as exc:
            return bad_request(request, exc.errors)
        context["citations"] = context["citations_page"].object_list
    return render(request, template, context)


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Agreement, slug, "cooperation/agreement_detail.html")


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Agency, slug, "cooperation/agency_detail.html")


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Event, slug, "cooperation/event_detail.html")


def _technology_extra(request: HttpRequest, technology: Technology, fmt: str) -> tuple[dict, dict]:
    """A technology area's page covers its sub-areas too: the main way people browse."""
    subtree = technology_subtree([technology]) | {technology.pk}
    agreements = Agreement.objects.filter(
        pk__in=Agreement.technologies.through.objects.filter(technology_id__in=subtree).values(
            "agreement_id"
        )
    )
    events = Event.objects.filter(
        pk__in=Event.technologies.through.objects.filter(technology_id__in=subtree).values(
            "event_id"
        )
    )
    agencies = Agency.objects.filter(pk__in=active_agency_ids(subtree))
    area = {
        "agreements": related.related_list(
            "agreements",
            "Agreements",
            agreements,
            more_url=related.filtered_list_url(
                "cooperation:agreement-list", technology=technology.slug
            ),
        ),
        "events": related.related_list(
            "events",
            "Events",
            events,
            more_url=related.filtered_list_url(
                "cooperation:event-list", technology=technology.slug
            ),
        ),
        "agencies": related.related_list(
            "agencies",
            "Agencies active in this area",
            agencies,
            more_url=related.filtered_list_url(
                "cooperation:agency-list", technology=technology.slug
            ),
        ),
    }
    if fmt == JSON:
        # The first screenful of each, with the total and the filtered list holding them all.
        extra_json = {}
        for key, found in area.items():
            extra_json[f"{key}_including_sub_areas"] = payloads.refs(request, found.items)
            extra_json[f"{key}_including_sub_areas_count"] = found.total
        return {}, extra_json
    children = related.related_list("children", "Sub-areas", technology.children.all())
    return {"area": area, "children": children}, {}


def technology_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(
        request,
        Technology,
        slug,
        "cooperation/technology_detail.html",
        extra=_technology_extra,
    )


def highlighted_paragraphs(text: str, citations) -> list[SafeString]:
    """The source text as escaped paragraphs, each cited passage in a <mark> anchor.

    The mark's id is `citation-<pk>` of its first citation, so the link from an
    entity's citation lands on the passage; further citations of the same
    passage get empty anchors inside it. Overlapping passages merge. A quote
    that spans paragraphs gets an anchor where it begins, so its link still lands.
    """
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    ids_by_quote: dict[str, list[int]] = {}
    for citation in citations:
        ids_by_quote.setdefault(citation.quote, []).append(citation.pk)
    placed: set[str] = set()
    rendered = []
    for paragraph in paragraphs:
        spans = []  # (start, end, [citation ids])
        for quote, ids in ids_by_quote.items():
            start = -1 if quote in placed else paragraph.find(quote)
            if start >= 0:
                placed.add(quote)
                spans.append([start, start + len(quote), list(ids)])
        spans.sort()
        merged: list[list] = []
        for span in spans:
            if merged and span[0] < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span[1])
                merged[-1][2].extend(span[2])
            else:
                merged.append(span)
        parts, cursor = [], 0
        for start, end, ids in merged:
            parts.append(escape(paragraph[cursor:start]))
            anchors = "".join(f'<span id="citation-{pk}"></span>' for pk in ids[1:])
            parts.append(
                f'<mark class="cited" id="citation-{ids[0]}">{anchors}'
                f"{escape(paragraph[start:end])}</mark>"
            )
            cursor = end
        parts.append(escape(paragraph[cursor:]))
        rendered.append("".join(parts).replace("\n", "<br>"))
    for quote, ids in ids_by_quote.items():
        if quote in placed or not rendered:
            continue
        head = quote.split("\n", 1)[0][:60]
        index = next((i for i, p in enumerate(paragraphs) if head and head in p), 0)
        anchors = "".join(f'<span id="citation-{pk}"></span>' for pk in ids)
        rendered[index] = anchors + rendered[index]
    # Every piece of text was escaped above; only our own tags are left raw.
    return [mark_safe(html) for html in rendered]


def _source_extra(request: HttpRequest, source: Source, fmt: str) -> tuple[dict, dict]:
    show_drafts = can_preview_drafts(request)
    citations = list(
        source.citations.select_related("agreement", "agency", "technology", "event").order_by("pk")
    )
    supported: dict[str, dict[int, dict]] = {
        "agreement": {},
        "agency": {},
        "technology": {},
        "event": {},
    }
    for citation in citations:
        target = citation.target
        if target is None or not (target.is_published or show_drafts):
            continue
        entry = supported[citation.target_type].setdefault(
            target.pk, {"entity": target, "citations": []}
        )
        entry["citations"].append(citation)
    groups = [
        (label, list(supported[key].values()))
        for key, label in (
            ("agreement", "Agreements"),
            ("agency", "Agencies"),
            ("technology", "Technology areas"),
            ("event", "Events"),
        )
    ]
    # A draft's citations stay out of the text too: not even an empty anchor or a
    # highlighted passage may say that an unpublished entry cites this source.
    visible = [
        c for c in citations if c.target is not None and (c.target.is_published or show_drafts)
    ]
    context = {
        "paragraphs": highlighted_paragraphs(source.text, visible),
        "supported_groups": groups,
        "safe_original_url": safe_link(source.original_url),
    }
    extra_json = {
        "supports": {
            plural: [
                {
                    **payloads.ref(request, entry["entity"]),
                    "quotes": [c.quote for c in entry["citations"]],
                }
                for entry in supported[key].values()
                if entry["entity"].is_published
            ]
            for key, plural in SUPPORT_KEYS.items()
        }
    }
    return context, extra_json


SUPPORT_KEYS = {
    "agreement": "agreements",
    "agency": "agencies",
    "technology": "technologies",
    "event": "events",
}


def safe_link(url: str) -> str:
    """`url` if it may become an href (http or https only), else ''."""
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") else ""


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(
        request,
        Source,
        slug,
        "cooperation/source_detail.html",
        extra=_source_extra,
    )
