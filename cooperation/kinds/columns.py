"""The analyst's CSV columns (issue 18): the cells and prefetches the kinds declare them with.

A kind's `csv` columns come first and never change (scripts read them); its `csv_more`
follow: names beside slugs, the parties' countries, dates with their precision, the
summary and the URLs of the documents cited. Their related rows come in prefetches of
their own (`csv_prefetch`, with `to_attr`), so an export's query count stays constant.
"""

from __future__ import annotations

from django.db.models import Model, Prefetch
from django.http import HttpRequest

from ..models import Citation, PublicationStatus


def published_only(model: type[Model], *fields: str):
    return model.objects.filter(publication_status=PublicationStatus.PUBLISHED).only(
        "pk", "publication_status", *fields
    )


def cited_documents() -> Prefetch:
    return Prefetch(
        "citations",
        # Both tiers: the articles held here and the documents referenced (issue 14).
        queryset=Citation.objects.public()
        .select_related("source", "reference")
        .only(
            "pk",
            "agreement",
            "agency",
            "technology",
            "event",
            "source__slug",
            "source__original_url",
            "source__publication_status",
            "reference__url",
        )
        .order_by("source_id", "reference_id", "pk"),
        to_attr="csv_citations",
    )


def names(entries) -> str:
    return "; ".join(e.name for e in entries)


def countries(agencies) -> str:
    """Each country once, in the parties' order: "JP; US"."""
    return "; ".join(dict.fromkeys(a.country for a in agencies if a.country))


def document_urls(request: HttpRequest, entry) -> str:
    """Each cited document once: an article's original address, else its page here;
    a referenced document's address."""
    urls = {}
    for citation in entry.csv_citations:
        source = citation.source
        if source is None:
            urls.setdefault(("r", citation.reference_id), citation.reference.url)
            continue
        urls.setdefault(
            source.pk,
            source.original_url or request.build_absolute_uri(source.get_absolute_url()),
        )
    return "; ".join(urls.values())


def parent_name(entry) -> str:
    return entry.parent.name if entry.parent and entry.parent.is_published else ""


def precision(date_field: str):
    """The precision of a date, empty when the date is."""
    return lambda request, e: (
        getattr(e, f"{date_field}_precision") if getattr(e, date_field) else ""
    )
