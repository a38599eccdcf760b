"""Tags for discovery and pictures: JSON-LD, feed links, the technology graph.

{% load pictures %}
{% json_ld entity %}                      in <head>: schema.org data of an entity page
{% feed_link %}                           in <head>: the site-wide Atom feed
{% list_feed_link "cooperation:agreement-feed" "Agreements" %}
                                          the feed of this list with its current filters
{% page_feed_url as feed_url %}           the same feed's URL, for a visible link
{% technology_graph technology %}         the SVG picture of an area's connections
"""

from __future__ import annotations

import json

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import pictures
from ..models import Agency, AgencyKind, Agreement, Event, Source, Technology, format_fuzzy_date

register = template.Library()

# Parameters that change how a list is shown, not which entries it holds.
PRESENTATION_PARAMETERS = ("page", "format", "sort", "per_page", "view")

# Escapes that keep a JSON text from closing its <script> element (as json_script does).
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

ORGANIZATION_TYPES = {
    AgencyKind.DEPARTMENT: "GovernmentOrganization",
    AgencyKind.AGENCY: "GovernmentOrganization",
    AgencyKind.MILITARY: "GovernmentOrganization",
    AgencyKind.LEGISLATURE: "GovernmentOrganization",
    AgencyKind.COMPANY: "Corporation",
    AgencyKind.RESEARCH: "ResearchOrganization",
    AgencyKind.UNIVERSITY: "CollegeOrUniversity",
}


def _published(manager) -> list:
    # .all() reuses what the page prefetched; the check keeps drafts out either way.
    return [entry for entry in manager.all() if entry.is_published]


def _items(related: dict, entity, relation: str) -> list:
    """The entries the page lists of `relation` (a screenful), else all of them."""
    if relation in related:
        return related[relation].items
    return _published(getattr(entity, relation))


def _ref(request, entry, schema_type: str) -> dict:
    return {
        "@type": schema_type,
        "name": str(entry),
        "url": request.build_absolute_uri(entry.get_absolute_url()),
    }


def _organization(request, agency: Agency) -> dict:
    return _ref(request, agency, ORGANIZATION_TYPES.get(agency.kind, "Organization"))


def _sources(request, entity, citations=None) -> list[dict]:
    seen, cited = set(), []
    for citation in entity.citations.all() if citations is None else citations:
        source = citation.source
        if source.is_published and source.pk not in seen:
            seen.add(source.pk)
            cited.append(_ref(request, source, "Article"))
    return cited


def structured_data(request, entity, related=None, citations=None) -> dict:
    """schema.org description of one entity page; fields the sources leave empty stay out.

    `related` and `citations` are what the page shows (cooperation/related.py); without
    them the entity's relations are read whole.
    """
    related = related or {}
    url = request.build_absolute_uri(entity.get_absolute_url())
    data: dict = {"@context": "https://schema.org", "@id": url, "url": url, "name": str(entity)}
    if isinstance(entity, Agreement):
        data |= {
            # schema.org has no agreement type; a CreativeWork with a genre is the honest fit.
            "@type": "CreativeWork",
            "genre": entity.get_kind_display(),
            "dateCreated": format_fuzzy_date(entity.signed_on, entity.signed_on_precision, "iso"),
            "description": entity.summary,
            "sourceOrganization": [
                _organization(request, a) for a in _items(related, entity, "parties")
            ],
            "about": [
                _ref(request, t, "DefinedTerm") for t in _items(related, entity, "technologies")
            ],
            "citation": _sources(request, entity, citations),
        }
    elif isinstance(entity, Event):
        data |= {
            "@type": "Event",
            "startDate": format_fuzzy_date(entity.date, entity.date_precision, "iso"),
            "location": {"@type": "Place", "name": entity.location} if entity.location else None,
            "description": entity.summary,
            "attendee": [
                _organization(request, a) for a in _items(related, entity, "participants")
            ],
            "about": [
                _ref(request, t, "DefinedTerm") for t in _items(related, entity, "technologies")
            ],
            # schema.org allows `citation` on creative works only: the articles
            # that report on this entry are what it is the subject of.
            "subjectOf": _sources(request, entity, citations),
        }
    elif isinstance(entity, Agency):
        parent = entity.parent if entity.parent_id and entity.parent.is_published else None
        data |= {
            "@type": ORGANIZATION_TYPES.get(entity.kind, "Organization"),
            "alternateName": [entity.acronym, *entity.aliases]
            if entity.acronym
            else entity.aliases,
            "description": entity.description,
            "address": (
                {"@type": "PostalAddress", "addressCountry": entity.country}
                if entity.country
                else None
            ),
            "parentOrganization": _organization(request, parent) if parent else None,
            "subjectOf": _sources(request, entity, citations),
        }
    elif isinstance(entity, Technology):
        data |= {
            "@type": "DefinedTerm",
            "alternateName": entity.aliases,
            "description": entity.description,
            # The set is the list of all areas, which is what the term belongs to.
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "name": "Technology areas",
                "url": request.build_absolute_uri(reverse("cooperation:technology-list")),
            },
            "subjectOf": _sources(request, entity, citations),
        }
    elif isinstance(entity, Source):
        data |= {
            "@type": "Article",
            "headline": entity.title,
            "author": [{"@type": "Person", "name": name} for name in entity.authors],
            "publisher": (
                {"@type": "Organization", "name": entity.publisher} if entity.publisher else None
            ),
            "datePublished": format_fuzzy_date(
                entity.published_on, entity.published_on_precision, "iso"
            ),
            "sameAs": entity.original_url,
            "description": entity.summary,
        }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


@register.simple_tag(takes_context=True)
def json_ld(context, entity) -> str:
    data = structured_data(
        context["request"], entity, context.get("related"), context.get("citations")
    )
    text = json.dumps(data, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_ESCAPES)),  # escaped just above, as json_script does
    )


@register.simple_tag
def feed_link() -> str:
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        "Newly published entries (Atom)",
        reverse("cooperation:feed"),
    )


def filter_query(query_dict, names=None) -> str:
    """The filters of a list URL, without the parameters that only change its display
    and without blank ones (a form's "Any"); only `names` when given."""
    query = QueryDict(mutable=True)
    for name, values in query_dict.lists():
        if name in PRESENTATION_PARAMETERS or (names is not None and name not in names):
            continue
        if kept := [value for value in values if value.strip()]:
            query.setlist(name, kept)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def list_feed_link(context, url_name: str, label: str) -> str:
    query = filter_query(context["request"].GET)
    href = reverse(url_name) + (f"?{query}" if query else "")
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        f"{label}{' matching these filters' if query else ''} (Atom)",
        href,
    )


# List pages that have a feed of their own, by route name.
LIST_FEEDS = {
    "agreement-list": ("cooperation:agreement-feed", "Agreements"),
    "event-list": ("cooperation:event-feed", "Events"),
}


def _list_feed(context) -> tuple[str, str] | None:
    """(feed route, label) of the list page being rendered, if it has a feed."""
    if context.get("errors"):
        # An error page (a bad filter, a page past the end): the feed of those
        # filters would answer the same error, so it is not offered.
        return None
    match = getattr(context.get("request"), "resolver_match", None)
    return LIST_FEEDS.get(match.url_name) if match is not None else None


@register.simple_tag(takes_context=True)
def page_feed_links(context) -> str:
    """The site-wide feed, and on a list that has one, the feed of its current filters."""
    links = [feed_link()]
    if feed := _list_feed(context):
        links.append(list_feed_link(context, *feed))
    return format_html("".join(["{}"] * len(links)), *links)


@register.simple_tag(takes_context=True)
def page_feed_url(context) -> str:
    """The URL of this list's feed with its current filters, or "" on other pages.
    For the visible link: `{% page_feed_url as feed_url %}`."""
    feed = _list_feed(context)
    return list_feed_url(context, feed[0]) if feed else ""


@register.simple_tag(takes_context=True)
def list_feed_url(context, url_name: str) -> str:
    query = filter_query(context["request"].GET)
    return reverse(url_name) + (f"?{query}" if query else "")


@register.inclusion_tag("pictures/_technology_graph.html")
def technology_graph(technology: Technology) -> dict:
    return {"graph": pictures.technology_graph(technology), "technology": technology}
