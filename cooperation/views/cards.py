"""Link-preview cards (og:image) of entity pages and filtered lists, as PNG.

A card says what a shared link opens: the entry's kind, name, key facts and how much
the site holds about it, or the list's title with its filters and its count. Cards
go through the page cache like the pages they preview (cooperation/routes/browse.py),
so each is drawn once per change of the content.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .. import cards, permalinks, related
from .. import facets as facet_service
from ..filters import filter_errors
from ..kinds import Kind
from ..responses import bad_request, not_found

# Browsers and link-preview fetchers may keep a card an hour; the server's copy
# follows every change at once.
MAX_AGE = 3600


def _png(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _in_english(view):
    """Cards are drawn in English on either language's pages: their font (DejaVu Sans,
    cooperation/cards.py) has no Japanese glyphs, and a card of boxes says nothing."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override("en"):
            return view(request, *args, **kwargs)

    return wrapper


def entity_card(kind: Kind):
    """The card of one published entry of a kind."""

    def view(request: HttpRequest, slug: str) -> HttpResponse:
        entity = kind.model.objects.for_page().published().filter(slug=slug).first()
        if entity is None:
            message = f"No {kind.model._meta.verbose_name} is published at this address."
            return not_found(request, {"slug": message}, heading="Not found")
        return _png(cards.render(entity_facts(request, kind, entity)))

    view.__name__ = view.__qualname__ = f"{kind.name}_card"
    return _in_english(view)


def entity_facts(request: HttpRequest, kind: Kind, entity) -> cards.Card:
    """What an entry's card says: its kind, name, facts and the size of its lists."""
    lists = related.related_lists(entity)
    extras = kind.page_extra(request, entity) if kind.page_extra else None
    if hasattr(extras, "area"):  # a technology area counts its sub-areas' entries too
        lists |= extras.area()
    counts = [f"{listed.heading}: {listed.total}" for listed in lists.values() if listed.total]
    if kind.citable:
        tiers = related.evidence_counts(entity)
        if cited := tiers["quoted"] + tiers["referenced"]:
            counts.append(f"Citations: {cited}")
    return cards.Card(
        kind=kind.label,
        title=str(entity),
        facts=[fact for fact in kind.card_facts(entity) if fact],
        counts=counts,
    )


def list_card(kind: Kind):
    """The card of a kind's list with the filters of the query string."""

    def view(request: HttpRequest) -> HttpResponse:
        filterset = kind.filterset(request.GET, queryset=kind.model.objects.published())
        if not filterset.is_valid():
            return bad_request(request, filter_errors(filterset))
        facets = facet_service.build_facets(filterset, request.GET)
        chips = facet_service.build_chips(filterset, request.GET, facets)
        count = filterset.qs.count()
        meta = kind.model._meta
        card = cards.Card(
            kind=kind.plural,
            title=permalinks.filtered_title(kind.list_title, chips),
            facts=[f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"],
            counts=[f"{chip.label}: {chip.value}" for chip in chips],
        )
        return _png(cards.render(card))

    view.__name__ = view.__qualname__ = f"{kind.name}_list_card"
    return _in_english(view)
