"""The JSON and CSV shapes of entities (issue 3: keys may be added, never renamed).

Each function reads only what `for_export()`/`for_detail()` prefetched, so a list
of any length costs the same number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest

from ..models import Agency, Agreement, Event, Source, Technology, format_fuzzy_date


def _url(request: HttpRequest, entity) -> str:
    return request.build_absolute_uri(entity.get_absolute_url())


def ref(request: HttpRequest, entity) -> dict | None:
    if entity is None or not entity.is_published:
        return None
    return {"slug": entity.slug, "name": str(entity.name), "url": _url(request, entity)}


def refs(request: HttpRequest, entities: Iterable) -> list[dict]:
    return [ref(request, e) for e in entities if e.is_published]


def _reference(r) -> dict:
    return {
        "slug": r.slug,
        "publisher": r.publisher,
        "title": r.title,
        "published_on": format_fuzzy_date(r.published_on, r.published_on_precision, "iso") or None,
        "url": r.url,
        "language": r.language,
    }


def citations(request: HttpRequest, entity) -> list[dict]:
    """Both tiers (issue 14): "source" and "quote" for a quoted citation, "reference",
    "claim" and "locator" for a referenced one; "evidence" says which."""
    out = []
    for c in entity.citations.all():
        if c.source_id and not c.source.is_published:
            continue
        quoted = c.source_id is not None
        out.append(
            {
                "source": {
                    "slug": c.source.slug,
                    "title": c.source.title,
                    "url": _url(request, c.source),
                }
                if quoted
                else None,
                "quote": c.quote,
                "field": c.field,
                "url": request.build_absolute_uri(c.get_absolute_url())
                if quoted
                else c.reference.url,
                "evidence": c.evidence,
                "reference": None if quoted else _reference(c.reference),
                "claim": c.claim,
                "locator": c.locator,
            }
        )
    return out


def evidence(entity) -> list[str]:
    """The tiers an entry's public citations stand on, from what is prefetched."""
    tiers = {c.evidence for c in entity.citations.all() if not c.source_id or c.source.is_published}
    return [tier for tier in ("quoted", "referenced") if tier in tiers]


def _base(request: HttpRequest, entity) -> dict:
    return {"slug": entity.slug, "url": _url(request, entity), "name": str(entity.name)}


def agreement(request: HttpRequest, a: Agreement) -> dict:
    return {
        **_base(request, a),
        "acronym": a.acronym,
        "kind": a.kind,
        "status": a.status or None,
        "legally_binding": a.legally_binding,
        "signed_on": format_fuzzy_date(a.signed_on, a.signed_on_precision, "iso") or None,
        "parties": refs(request, a.parties.all()),
        "technologies": refs(request, a.technologies.all()),
        "events": refs(request, a.events.all()),
        "summary": a.summary,
        "note": a.note,
        "citations": citations(request, a),
        "evidence": evidence(a),
    }


def agency(request: HttpRequest, a: Agency) -> dict:
    return {
        **_base(request, a),
        "acronym": a.acronym,
        "country": a.country or None,
        "kind": a.kind,
        "parent": ref(request, a.parent),
        "children": refs(request, a.children.all()),
        "aliases": a.aliases,
        "description": a.description,
        "agreements": refs(request, a.agreements.all()),
        "events": refs(request, a.events.all()),
        "note": a.note,
        "citations": citations(request, a),
        "evidence": evidence(a),
    }


def technology(request: HttpRequest, t: Technology) -> dict:
    return {
        **_base(request, t),
        "parent": ref(request, t.parent),
        "children": refs(request, t.children.all()),
        "aliases": t.aliases,
        "description": t.description,
        "agreements": refs(request, t.agreements.all()),
        "events": refs(request, t.events.all()),
        "note": t.note,
        "citations": citations(request, t),
        "evidence": evidence(t),
    }


def event(request: HttpRequest, e: Event) -> dict:
    return {
        **_base(request, e),
        "kind": e.kind,
        "date": format_fuzzy_date(e.date, e.date_precision, "iso") or None,
        "location": e.location,
        "participants": refs(request, e.participants.all()),
        "technologies": refs(request, e.technologies.all()),
        "agreements": refs(request, e.agreements.all()),
        "summary": e.summary,
        "note": e.note,
        "citations": citations(request, e),
        "evidence": evidence(e),
    }


def source(request: HttpRequest, s: Source) -> dict:
    return {
        "slug": s.slug,
        "url": _url(request, s),
        "title": s.title,
        "authors": s.authors,
        "publisher": s.publisher,
        "published_on": format_fuzzy_date(s.published_on, s.published_on_precision, "iso") or None,
        "original_url": s.original_url or None,
        "origin_file": s.origin_file,
        "summary": s.summary,
        "note": s.note,
    }


SERIALIZERS: dict[type, Callable[[HttpRequest, object], dict]] = {
    Agreement: agreement,
    Agency: agency,
    Technology: technology,
    Event: event,
    Source: source,
}


def _slugs(entities) -> str:
    return "; ".join(e.slug for e in entities if e.is_published)


def _tiers(row) -> str:
    """The CSV "evidence" cell, from the for_csv() annotations: "quoted; referenced"."""
    return "; ".join(
        tier
        for tier, present in (("quoted", row.has_quoted), ("referenced", row.has_referenced))
        if present
    )


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


# CSV: (header, row function). Related entries are listed by slug, "; "-separated.
CSV_COLUMNS: dict[type, tuple[list[str], Callable]] = {
    Agreement: (
        [
            "slug",
            "name",
            "acronym",
            "kind",
            "status",
            "legally_binding",
            "signed_on",
            "parties",
            "technologies",
            "url",
            "evidence",
        ],
        lambda request, a: [
            a.slug,
            a.name,
            a.acronym,
            a.kind,
            a.status,
            _yes_no(a.legally_binding),
            format_fuzzy_date(a.signed_on, a.signed_on_precision, "iso"),
            _slugs(a.parties.all()),
            _slugs(a.technologies.all()),
            _url(request, a),
            _tiers(a),
        ],
    ),
    Event: (
        [
            "slug",
            "name",
            "kind",
            "date",
            "location",
            "participants",
            "technologies",
            "agreements",
            "url",
            "evidence",
        ],
        lambda request, e: [
            e.slug,
            e.name,
            e.kind,
            format_fuzzy_date(e.date, e.date_precision, "iso"),
            e.location,
            _slugs(e.participants.all()),
            _slugs(e.technologies.all()),
            _slugs(e.agreements.all()),
            _url(request, e),
            _tiers(e),
        ],
    ),
    Agency: (
        ["slug", "name", "acronym", "country", "kind", "parent", "url", "evidence"],
        lambda request, a: [
            a.slug,
            a.name,
            a.acronym,
            a.country,
            a.kind,
            a.parent.slug if a.parent and a.parent.is_published else "",
            _url(request, a),
            _tiers(a),
        ],
    ),
    Technology: (
        ["slug", "name", "parent", "aliases", "url", "evidence"],
        lambda request, t: [
            t.slug,
            t.name,
            t.parent.slug if t.parent and t.parent.is_published else "",
            "; ".join(t.aliases),
            _url(request, t),
            _tiers(t),
        ],
    ),
    Source: (
        ["slug", "title", "authors", "publisher", "published_on", "original_url", "url"],
        lambda request, s: [
            s.slug,
            s.title,
            "; ".join(s.authors),
            s.publisher,
            format_fuzzy_date(s.published_on, s.published_on_precision, "iso"),
            s.original_url,
            _url(request, s),
        ],
    ),
}
