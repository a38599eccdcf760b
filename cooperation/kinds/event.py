"""Events: summits, meetings, exercises, announcements."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Agreement, Event, Technology
from .agency import organization
from .base import (
    Kind,
    LinkedData,
    Relation,
    SearchDocument,
    attribute,
    citations,
    evidence,
    identity,
    iso_date,
    japanese_names,
    japanese_names_of,
    names_of,
    newest_first,
    published_quotes,
    published_relation,
    quotes,
    refs,
    slugs,
    tiers,
    url,
)
from .columns import cited_documents, countries, document_urls, names, precision, published_only


def payload(request, e: Event) -> dict:
    return {
        **identity(request, e),
        "kind": e.kind,
        "date": iso_date(e, "date") or None,
        "location": e.location,
        "participants": refs(request, e.participants.all()),
        "technologies": refs(request, e.technologies.all()),
        "agreements": refs(request, e.agreements.all()),
        "summary": e.summary,
        "note": e.note,
        "citations": citations(request, e),
        "evidence": evidence(e),
    }


def json_ld(ld: LinkedData) -> dict:
    e = ld.entity
    return {
        "@type": "Event",
        "startDate": iso_date(e, "date"),
        "location": {"@type": "Place", "name": e.location} if e.location else None,
        "description": e.summary,
        "attendee": [organization(ld, a) for a in ld.items("participants")],
        "about": [ld.ref(t, "DefinedTerm") for t in ld.items("technologies")],
        # schema.org allows `citation` on creative works only: the articles
        # that report on this entry are what it is the subject of.
        "subjectOf": ld.sources(),
    }


def search_body(e: Event) -> list[str]:
    return [
        e.get_kind_display(),
        e.location,
        names_of(e.public_participants),
        names_of(e.public_technologies),
        names_of(e.public_agreements),
        *quotes(e),
    ]


KIND = Kind(
    name="event",
    model=Event,
    label=_("Event"),
    plural=_("Events"),
    heading=_("Events"),
    list_title=_("Events"),
    has_feed=True,
    card_facts=lambda e: [e.get_kind_display(), e.date_display if e.date else ""],
    filterset_path="cooperation.filters.EventFilter",
    payload=payload,
    csv=(
        ("slug", attribute("slug")),
        ("name", attribute("name")),
        ("kind", attribute("kind")),
        ("date", lambda request, e: iso_date(e, "date")),
        ("location", attribute("location")),
        ("participants", lambda request, e: slugs(e.participants.all())),
        ("technologies", lambda request, e: slugs(e.technologies.all())),
        ("agreements", lambda request, e: slugs(e.agreements.all())),
        ("url", url),
        ("evidence", tiers),
    ),
    list_shows=("event", "agency", "technology"),
    csv_more=(
        ("kind_label", lambda request, e: e.get_kind_display()),
        ("date_precision", precision("date")),
        ("participant_names", lambda request, e: names(e.csv_parties)),
        ("participant_countries", lambda request, e: countries(e.csv_parties)),
        ("technology_names", lambda request, e: names(e.csv_technologies)),
        ("agreement_names", lambda request, e: names(e.csv_agreements)),
        ("summary", attribute("summary")),
        ("source_urls", document_urls),
    ),
    csv_prefetch=(
        Prefetch("participants", published_only(Agency, "name", "country"), to_attr="csv_parties"),
        Prefetch("technologies", published_only(Technology, "name"), to_attr="csv_technologies"),
        Prefetch("agreements", published_only(Agreement, "name"), to_attr="csv_agreements"),
        cited_documents(),
    ),
    json_ld=json_ld,
    search=SearchDocument(
        names=lambda e: (e.name, "", []),
        summary=lambda e: e.summary,
        body=search_body,
        prefetch=(
            published_relation("participants", "name", "acronym", "name_ja"),
            published_relation("technologies", "name", "name_ja"),
            published_relation("agreements", "name", "acronym", "name_ja"),
            published_quotes,
        ),
        technologies=lambda e: [t.pk for t in e.public_technologies],
        names_ja=japanese_names,
        body_ja=lambda e: japanese_names_of(
            [*e.public_participants, *e.public_technologies, *e.public_agreements]
        ),
    ),
    display=(
        ("slug", "name", "name_ja", "date", "date_precision", "publication_status"),
        newest_first("date"),
    ),
    related=(
        Relation("participants", _("Participants")),
        Relation("technologies", _("Technology areas")),
        Relation("agreements", _("Agreements")),
    ),
)
