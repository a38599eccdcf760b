"""The CSV export of a list, as an analyst uses it (issue 18).

The columns each kind declares (cooperation/kinds) stay first and unchanged (scripts read them);
the columns here follow: names beside slugs, the parties' countries, dates with their
precision, the summary and the URLs of the articles cited. Their related rows come
in prefetches of their own (`to_attr`), so the export's query count stays constant.
The file name says what was filtered.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, QueryDict

from .kinds import Kind
from .models import Agency, Agreement, Citation, Event, PublicationStatus, Source, Technology

PUBLISHED = PublicationStatus.PUBLISHED
FILENAME_MAX = 120
# Parameters that change how a list is shown, not what it holds.
PRESENTATION_PARAMETERS = ("page", "format", "sort", "per_page", "view", "more")


def _published(model: type[Model], *fields: str) -> QuerySet:
    return model.objects.filter(publication_status=PUBLISHED).only(
        "pk", "publication_status", *fields
    )


def _citations() -> Prefetch:
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


PREFETCHES: dict[type[Model], list] = {
    Agreement: [
        Prefetch("parties", _published(Agency, "name", "country"), to_attr="csv_parties"),
        Prefetch("technologies", _published(Technology, "name"), to_attr="csv_technologies"),
        _citations(),
    ],
    Event: [
        Prefetch("participants", _published(Agency, "name", "country"), to_attr="csv_parties"),
        Prefetch("technologies", _published(Technology, "name"), to_attr="csv_technologies"),
        Prefetch("agreements", _published(Agreement, "name"), to_attr="csv_agreements"),
        _citations(),
    ],
    Agency: [_citations()],
    Technology: [_citations()],
    Source: [],
}


def _names(entries) -> str:
    return "; ".join(e.name for e in entries)


def _countries(agencies) -> str:
    """Each country once, in the parties' order: "JP; US"."""
    return "; ".join(dict.fromkeys(a.country for a in agencies if a.country))


def _source_urls(request: HttpRequest, entry) -> str:
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


def _parent_name(entry) -> str:
    return entry.parent.name if entry.parent and entry.parent.is_published else ""


EXTRA_COLUMNS: dict[type[Model], tuple[list[str], Callable]] = {
    Agreement: (
        [
            "kind_label",
            "status_label",
            "signed_on_precision",
            "party_names",
            "party_countries",
            "technology_names",
            "summary",
            "source_urls",
        ],
        lambda request, a: [
            a.get_kind_display(),
            a.get_status_display() if a.status else "",
            a.signed_on_precision if a.signed_on else "",
            _names(a.csv_parties),
            _countries(a.csv_parties),
            _names(a.csv_technologies),
            a.summary,
            _source_urls(request, a),
        ],
    ),
    Event: (
        [
            "kind_label",
            "date_precision",
            "participant_names",
            "participant_countries",
            "technology_names",
            "agreement_names",
            "summary",
            "source_urls",
        ],
        lambda request, e: [
            e.get_kind_display(),
            e.date_precision if e.date else "",
            _names(e.csv_parties),
            _countries(e.csv_parties),
            _names(e.csv_technologies),
            _names(e.csv_agreements),
            e.summary,
            _source_urls(request, e),
        ],
    ),
    Agency: (
        ["kind_label", "country_name", "parent_name", "description", "source_urls"],
        lambda request, a: [
            a.get_kind_display(),
            a.get_country_display() if a.country else "",
            _parent_name(a),
            a.description,
            _source_urls(request, a),
        ],
    ),
    Technology: (
        ["parent_name", "description", "source_urls"],
        lambda request, t: [_parent_name(t), t.description, _source_urls(request, t)],
    ),
    Source: (
        ["published_on_precision", "summary"],
        lambda request, s: [s.published_on_precision if s.published_on else "", s.summary],
    ),
}


def columns(kind: Kind) -> tuple[list[str], Callable]:
    """(header, row function): the established columns, then the analyst's."""
    extra_header, extra_row = EXTRA_COLUMNS[kind.model]

    def both(request: HttpRequest, entry) -> list:
        return [*kind.csv_row(request, entry), *extra_row(request, entry)]

    return [*kind.csv_header, *extra_header], both


def rows(model: type[Model], results: QuerySet) -> QuerySet:
    return results.for_csv().prefetch_related(*PREFETCHES[model])


def filename(list_name: str, params: QueryDict) -> str:
    """ "agreements_technology-hypersonics_binding-yes_year_from-2020.csv": what was exported."""
    parts = [list_name]
    for name, values in params.lists():
        kept = [v for v in values if v.strip()]
        if name in PRESENTATION_PARAMETERS or not kept:
            continue
        parts.append(f"{name}-{'+'.join(kept)}")
    text = "_".join(parts).lower()
    text = re.sub(r"[^a-z0-9_+.-]+", "-", text).strip("-")[:FILENAME_MAX].rstrip("-_+.")
    return f"{text}.csv"
