"""Agreements: memoranda, arrangements, joint statements, programmes."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ..models import Agency, Agreement, Technology
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
    yes_no,
)
from .columns import cited_documents, countries, document_urls, names, precision, published_only


def payload(request, a: Agreement) -> dict:
    return {
        **identity(request, a),
        "acronym": a.acronym,
        "kind": a.kind,
        "status": a.status or None,
        "legally_binding": a.legally_binding,
        "signed_on": iso_date(a, "signed_on") or None,
        "parties": refs(request, a.parties.all()),
        "technologies": refs(request, a.technologies.all()),
        "events": refs(request, a.events.all()),
        "summary": a.summary,
        "note": a.note,
        "citations": citations(request, a),
        "evidence": evidence(a),
    }


def json_ld(ld: LinkedData) -> dict:
    a = ld.entity
    return {
        # schema.org has no agreement type; a CreativeWork with a genre is the honest fit.
        "@type": "CreativeWork",
        "genre": a.get_kind_display(),
        "dateCreated": iso_date(a, "signed_on"),
        "description": a.summary,
        "sourceOrganization": [organization(ld, p) for p in ld.items("parties")],
        "about": [ld.ref(t, "DefinedTerm") for t in ld.items("technologies")],
        "citation": ld.sources(),
    }


def search_body(a: Agreement) -> list[str]:
    return [
        a.get_kind_display(),
        a.get_status_display() if a.status else "",
        names_of(a.public_parties),
        names_of(a.public_technologies),
        names_of(a.public_builds_on),
        *quotes(a),
    ]


KIND = Kind(
    name="agreement",
    model=Agreement,
    label=_("Agreement"),
    plural=_("Agreements"),
    heading=_("Agreements"),
    list_title=_("Agreements"),
    has_feed=True,
    card_facts=lambda a: [
        a.get_kind_display(),
        a.get_status_display() if a.status else "",
        f"signed {a.signed_on_display}" if a.signed_on else "",
    ],
    filterset_path="cooperation.filters.AgreementFilter",
    payload=payload,
    csv=(
        ("slug", attribute("slug")),
        ("name", attribute("name")),
        ("acronym", attribute("acronym")),
        ("kind", attribute("kind")),
        ("status", attribute("status")),
        ("legally_binding", lambda request, a: yes_no(a.legally_binding)),
        ("signed_on", lambda request, a: iso_date(a, "signed_on")),
        ("parties", lambda request, a: slugs(a.parties.all())),
        ("technologies", lambda request, a: slugs(a.technologies.all())),
        ("url", url),
        ("evidence", tiers),
    ),
    list_shows=("agreement", "agency", "technology"),
    csv_more=(
        ("kind_label", lambda request, a: a.get_kind_display()),
        ("status_label", lambda request, a: a.get_status_display() if a.status else ""),
        ("signed_on_precision", precision("signed_on")),
        ("party_names", lambda request, a: names(a.csv_parties)),
        ("party_countries", lambda request, a: countries(a.csv_parties)),
        ("technology_names", lambda request, a: names(a.csv_technologies)),
        ("summary", attribute("summary")),
        ("source_urls", document_urls),
    ),
    csv_prefetch=(
        Prefetch("parties", published_only(Agency, "name", "country"), to_attr="csv_parties"),
        Prefetch("technologies", published_only(Technology, "name"), to_attr="csv_technologies"),
        cited_documents(),
    ),
    json_ld=json_ld,
    search=SearchDocument(
        names=lambda a: (a.name, a.acronym, []),
        summary=lambda a: a.summary,
        body=search_body,
        prefetch=(
            published_relation("parties", "name", "acronym", "name_ja"),
            published_relation("technologies", "name", "name_ja"),
            published_relation("builds_on", "name", "acronym", "name_ja"),
            published_quotes,
        ),
        technologies=lambda a: [t.pk for t in a.public_technologies],
        names_ja=japanese_names,
        body_ja=lambda a: japanese_names_of(
            [*a.public_parties, *a.public_technologies, *a.public_builds_on]
        ),
    ),
    display=(
        (
            *("slug", "name", "name_ja", "acronym"),
            *("signed_on", "signed_on_precision", "publication_status"),
        ),
        newest_first("signed_on"),
    ),
    related=(
        Relation("parties", _("Parties")),
        Relation("technologies", _("Technology areas")),
        Relation("events", _("Events")),
        Relation("builds_on", _("Builds on")),
        Relation("built_upon_by", _("Built upon by")),
    ),
)
