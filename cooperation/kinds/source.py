"""Sources: the articles every fact is read from; they cite, they are not cited."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ..models import Citation, PublicationStatus, Source
from .base import Kind, LinkedData, SearchDocument, attribute, iso_date, url
from .columns import precision


def payload(request, s: Source) -> dict:
    return {
        "slug": s.slug,
        "url": url(request, s),
        "title": s.title,
        "language": s.language,
        "authors": s.authors,
        "publisher": s.publisher,
        "published_on": iso_date(s, "published_on") or None,
        "original_url": s.original_url or None,
        "origin_file": s.origin_file,
        "summary": s.summary,
        "note": s.note,
    }


def json_ld(ld: LinkedData) -> dict:
    s = ld.entity
    return {
        "@type": "Article",
        "headline": s.title,
        "inLanguage": s.language,
        "author": [{"@type": "Person", "name": name} for name in s.authors],
        "publisher": {"@type": "Organization", "name": s.publisher} if s.publisher else None,
        "datePublished": iso_date(s, "published_on"),
        "sameAs": s.original_url,
        "description": s.summary,
    }


def cited_technologies(model) -> Prefetch:
    """The published areas the source's citations support: its technology tags."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(
            technology__isnull=False,
            technology__publication_status=PublicationStatus.PUBLISHED,
        ).only("source_id", "technology_id"),
        to_attr="technology_citations",
    )


KIND = Kind(
    name="source",
    model=Source,
    label=_("Source"),
    plural=_("Sources"),
    heading=_("Sources"),
    list_title=_("Sources"),
    card_facts=lambda s: [s.publisher, s.published_on_display if s.published_on else ""],
    filterset_path="cooperation.filters.SourceFilter",
    payload=payload,
    csv=(
        ("slug", attribute("slug")),
        ("title", attribute("title")),
        ("authors", lambda request, s: "; ".join(s.authors)),
        ("publisher", attribute("publisher")),
        ("published_on", lambda request, s: iso_date(s, "published_on")),
        ("original_url", attribute("original_url")),
        ("url", url),
    ),
    list_shows=("source",),
    csv_more=(
        ("published_on_precision", precision("published_on")),
        ("summary", attribute("summary")),
    ),
    json_ld=json_ld,
    search=SearchDocument(
        names=lambda s: (s.title, "", []),
        summary=lambda s: "\n".join([s.summary, ", ".join(s.authors or []), s.publisher]),
        body=lambda s: [s.text],
        prefetch=(cited_technologies,),
        technologies=lambda s: {c.technology_id for c in s.technology_citations},
    ),
    page_extra_path="cooperation.views.extras.SourceExtras",
    title_field="title",
)
