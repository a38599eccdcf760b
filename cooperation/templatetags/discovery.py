"""Tags for discovery: JSON-LD and feed links. None of them runs a query.

{% load discovery %}
{% json_ld structured_data %}             in <head>: schema.org data the view prepared
{% page_feed_links %}                     in <head>: the site-wide Atom feed, and on a list
                                          that has one, the feed of its current filters
{% page_feed_url as feed_url %}           the list's feed URL, for a visible link
{% list_feed_link "cooperation:agreement-feed" "Agreements" %}
                                          the feed of a list with its current filters
"""

from __future__ import annotations

import json

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..kinds import KINDS
from ..querystring import filter_query, with_query

register = template.Library()

# Escapes that keep a JSON text from closing its <script> element (as json_script does).
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# List pages that have a feed of their own, by route name: (feed route, label).
LIST_FEEDS = {
    f"{name}-list": (kind.feed_url_name, kind.list_title)
    for name, kind in KINDS.items()
    if kind.has_feed
}


@register.simple_tag
def json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_ESCAPES)),  # escaped just above, as json_script does
    )


def _feed_link(title: str, href: str) -> str:
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">', title, href
    )


def _list_feed(context) -> tuple[str, str] | None:
    """(feed route, label) of the list page being rendered, if it has a feed."""
    if context.get("errors"):
        # An error page (a bad filter, a page past the end): the feed of those
        # filters would answer the same error, so it is not offered.
        return None
    match = getattr(context.get("request"), "resolver_match", None)
    return LIST_FEEDS.get(match.url_name) if match is not None else None


def _list_feed_url(context, url_name: str) -> str:
    return with_query(reverse(url_name), filter_query(context["request"].GET))


@register.simple_tag(takes_context=True)
def list_feed_link(context, url_name: str, label: str) -> str:
    """The feed of a list with its current filters."""
    filtered = bool(filter_query(context["request"].GET))
    title = f"{label}{' matching these filters' if filtered else ''} (Atom)"
    return _feed_link(title, _list_feed_url(context, url_name))


@register.simple_tag(takes_context=True)
def page_feed_links(context) -> str:
    """The site-wide feed, and on a list that has one, the feed of its current filters."""
    links = [_feed_link("Newly published entries (Atom)", reverse("cooperation:feed"))]
    if feed := _list_feed(context):
        links.append(list_feed_link(context, *feed))
    return format_html("".join(["{}"] * len(links)), *links)


@register.simple_tag(takes_context=True)
def page_feed_url(context) -> str:
    """The URL of this list's feed with its current filters, or "" on other pages.
    For the visible link: `{% page_feed_url as feed_url %}`."""
    feed = _list_feed(context)
    return _list_feed_url(context, feed[0]) if feed else ""
