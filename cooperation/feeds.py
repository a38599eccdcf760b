"""Atom feeds of newly published entries: one overall, one per filtered list.

There is no "published at" field, so an entry's place in a feed is its last
change (`updated_at`): publishing a draft is a change, so it comes out on top.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .presentation import local_name
from .responses import BadParameters, bad_request

FEED_SIZE = 50
SITE_TITLE = _("U.S.–Japan Technology Cooperation")
# Characters XML 1.0 cannot carry at all (a feed writer refuses them): the C0
# controls but tab, newline and carriage return.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    """`text` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def describe(entry) -> str:
    """The feed item's summary: what the entry's own page leads with."""
    for attribute in ("summary", "description"):
        text = getattr(entry, attribute, "")
        if text:
            return text
    return ""


def describe_filters(filterset, ignore=("sort",)) -> list[str]:
    """Each filter in use as "Label: value", for a reader to tell filtered feeds apart."""
    described = []
    for name, value in filterset.form.cleaned_data.items():
        if name in ignore or value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        # A model field's value is already its object; reading its choices would
        # load every row of the model.
        is_model = isinstance(field, forms.ModelChoiceField)
        choices = {} if is_model else dict(getattr(field, "choices", ()))
        values = value if isinstance(value, list | tuple | QuerySet) else [value]
        if not values:
            continue
        shown = ", ".join(str(choices.get(v, v)) for v in values)
        # The search words come from the URL as typed: anything may be in them.
        described.append(xml_text(f"{filterset.filters[name].label}: {shown}"))
    return described


@dataclass
class FeedScope:
    """What a list feed holds: its entries, the filters in words, the filter query."""

    request: HttpRequest
    queryset: QuerySet
    filters: list[str]
    query: str  # the filter parameters, urlencoded, without display-only ones

    def with_query(self, path: str) -> str:
        return f"{path}?{self.query}" if self.query else path


class EntryFeed(Feed):
    """Common Atom shape: the subclass decides which entries and what title."""

    feed_type = Atom1Feed
    title = SITE_TITLE
    subtitle = _("Entries newly published in the knowledge base.")
    # Atom requires an author for the feed when its entries name none.
    author_name = SITE_TITLE

    def link(self, obj) -> str:
        return reverse("cooperation:home")

    def item_title(self, item) -> str:
        label = KIND_LABELS[type(item)]
        return xml_text(f"{label}: {local_name(item)}")

    def item_description(self, item) -> str:
        # Atom marks the summary as HTML, which feed readers render: our summaries
        # are plain text, so they are escaped once more to reach readers as text.
        return escape(xml_text(describe(item)))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


# An item's kind in the feed's language: "Agreement: …", "協定: …".
KIND_LABELS = {kind.model: kind.label for kind in KINDS.values()}


class LatestEntriesFeed(EntryFeed):
    """Everything, newest first: the latest few of each type, merged."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> HttpRequest:
        return request

    def feed_guid(self, request: HttpRequest) -> str:
        # The feed's own URL, not the home page's: the id names this feed.
        return request.build_absolute_uri(reverse("cooperation:feed"))

    def items(self):
        entries = []
        for kind in KINDS.values():
            entries.extend(kind.model.objects.published().order_by("-updated_at")[:FEED_SIZE])
        entries.sort(key=lambda entry: entry.updated_at, reverse=True)
        return entries[:FEED_SIZE]


class ListFeed(EntryFeed):
    """A list page's feed: the same FilterSet, so the same parameters mean the same entries.

    Each filtered feed is a feed of its own: its id and `self` link carry the
    filters, and its `alternate` link is the filtered list it follows.
    """

    def __init__(self, *, feed_url_name: str, list_url_name: str, label: str, scope: Callable):
        super().__init__()
        self.feed_url_name = feed_url_name
        self.list_url_name = list_url_name
        self.label = label
        self.scope = scope

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedScope:
        return self.scope(request)

    def title(self, obj: FeedScope) -> str:
        filters = f" ({'; '.join(obj.filters)})" if obj.filters else ""
        return f"{self.label}{filters} · {SITE_TITLE}"

    def subtitle(self, obj: FeedScope) -> str:
        if obj.filters:
            text = gettext(
                "%(entries)s matching these filters newly published in the knowledge base."
            )
        else:
            text = gettext("%(entries)s newly published in the knowledge base.")
        return text % {"entries": self.label}

    def link(self, obj: FeedScope) -> str:
        return obj.with_query(reverse(self.list_url_name))

    def feed_url(self, obj: FeedScope) -> str:
        return obj.with_query(reverse(self.feed_url_name))

    def feed_guid(self, obj: FeedScope) -> str:
        # Feed readers tell feeds apart by id: the feed's own URL, filters included.
        return obj.request.build_absolute_uri(self.feed_url(obj))

    def items(self, obj: FeedScope):
        return obj.queryset.order_by("-updated_at")[:FEED_SIZE]


def serve(feed: Feed, request: HttpRequest) -> HttpResponse:
    """Run a feed, turning bad filter parameters into a 400 that names them."""
    try:
        return feed(request)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
