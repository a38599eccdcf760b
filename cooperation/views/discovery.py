"""Discovery: the Atom feeds, the sitemap and robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import feeds
from ..filters import filter_errors
from ..i18n import path_in
from ..kinds import KINDS
from ..querystring import filter_query
from ..responses import BadParameters
from ..sitemaps import SITEMAPS

_latest_feed = feeds.LatestEntriesFeed()


def latest_feed(request: HttpRequest) -> HttpResponse:
    return _latest_feed(request)


def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap index: a link to each file of each section (cooperation/sitemaps.py)."""
    return sitemap_index_view(
        request,
        sitemaps=SITEMAPS,
        template_name="pictures/sitemap_index.xml",
        sitemap_url_name="cooperation:sitemap-section",
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One file of one section (?p=2 for the second); an unknown one is a 404."""
    return sitemap_view(
        request, sitemaps=SITEMAPS, section=section, template_name="pictures/sitemap.xml"
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        # Search results and exports are endless variations of the entry pages.
        *(
            f"Disallow: {path_in(code, reverse('cooperation:search'))}"
            for code, _ in settings.LANGUAGES
        ),
        "Disallow: /admin/",
        "",
        # One sitemap a language: /ja/sitemap.xml lists the Japanese pages.
        *(
            f"Sitemap: {request.build_absolute_uri(path_in(code, reverse('cooperation:sitemap')))}"
            for code, _ in settings.LANGUAGES
        ),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _feed_scope(kind, request) -> feeds.FeedScope:
    """A list feed's entries, through the list's own FilterSet (bad values: BadParameters)."""
    filterset = kind.filterset(request.GET, queryset=kind.model.objects.published())
    if not filterset.is_valid():
        raise BadParameters(filter_errors(filterset))
    return feeds.FeedScope(
        request=request,
        queryset=filterset.qs,
        filters=feeds.describe_filters(filterset),
        query=filter_query(request.GET, names=filterset.filters),
    )


def _list_feed_view(kind):
    feed = feeds.ListFeed(
        feed_url_name=kind.feed_url_name,
        list_url_name=kind.list_url_name,
        label=kind.list_title,
        scope=lambda request: _feed_scope(kind, request),
    )

    def view(request: HttpRequest) -> HttpResponse:
        return feeds.serve(feed, request)

    view.__name__ = view.__qualname__ = f"{kind.name}_feed"
    return view


# The lists that have an Atom feed of their own, with their filters.
FEED_VIEWS = {name: _list_feed_view(kind) for name, kind in KINDS.items() if kind.has_feed}
