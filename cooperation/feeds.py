"""Atom feeds of newly published entries: one overall, one per filtered list.

There is no "published at" field, so an entry's place in a feed is its last
change (`updated_at`): publishing a draft is a change, so it comes out on top.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Agency, Agreement, Event, Source, Technology
from .views.formats import BadParameters, bad_request

FEED_SIZE = 50
SITE_TITLE = "U.S.–Japan Technology Cooperation"


def describe(entry) -> str:
    """The feed item's summary: what the entry's own page leads with."""
    for attribute in ("summary", "description"):
        text = getattr(entry, attribute, "")
        if text:
            return text
    return ""


class EntryFeed(Feed):
    """Common Atom shape: the subclass decides which entries and what title."""

    feed_type = Atom1Feed
    title = SITE_TITLE
    subtitle = "Entries newly published in the knowledge base."

    def link(self, obj) -> str:
        return reverse("cooperation:home")

    def item_title(self, item) -> str:
        label = item._meta.verbose_name.capitalize()
        return f"{label}: {item}"

    def item_description(self, item) -> str:
        # Atom marks the summary as HTML, which feed readers render: our summaries
        # are plain text, so they are escaped once more to reach readers as text.
        return escape(describe(item))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestEntriesFeed(EntryFeed):
    """Everything, newest first: the latest few of each type, merged."""

    def items(self):
        entries = []
        for model in (Agreement, Event, Agency, Technology, Source):
            entries.extend(model.objects.published().order_by("-updated_at")[:FEED_SIZE])
        entries.sort(key=lambda entry: entry.updated_at, reverse=True)
        return entries[:FEED_SIZE]


class ListFeed(EntryFeed):
    """A list page's feed: the same FilterSet, so the same parameters mean the same entries."""

    def __init__(self, *, list_url_name: str, label: str, filtered: Callable):
        super().__init__()
        self.list_url_name = list_url_name
        self.label = label
        self.filtered = filtered

    def get_object(self, request: HttpRequest, *args, **kwargs):
        return self.filtered(request)

    def title(self, obj) -> str:
        _, description = obj
        return f"{self.label}{description} · {SITE_TITLE}"

    def link(self, obj) -> str:
        try:
            return reverse(self.list_url_name)
        except NoReverseMatch:  # the list page is not wired yet: point at the home page
            return reverse("cooperation:home")

    def items(self, obj):
        queryset, _ = obj
        return queryset.order_by("-updated_at")[:FEED_SIZE]


def serve(feed: Feed, request: HttpRequest) -> HttpResponse:
    """Run a feed, turning bad filter parameters into a 400 that names them."""
    try:
        return feed(request)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
