"""Agencies and organisations: departments, agencies, companies, research institutes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Agency, AgencyKind
from .base import (
    Kind,
    LinkedData,
    Relation,
    SearchDocument,
    attribute,
    filed_under,
    identity,
    japanese_names,
    published_parent,
    published_quotes,
    published_slug,
    quotes,
    tiers,
    url,
)
from .columns import cited_documents, document_urls, parent_name

ORGANIZATION_TYPES = {
    AgencyKind.DEPARTMENT: "GovernmentOrganization",
    AgencyKind.AGENCY: "GovernmentOrganization",
    AgencyKind.MILITARY: "GovernmentOrganization",
    AgencyKind.LEGISLATURE: "GovernmentOrganization",
    AgencyKind.COMPANY: "Corporation",
    AgencyKind.RESEARCH: "ResearchOrganization",
    AgencyKind.UNIVERSITY: "CollegeOrUniversity",
}


def organization(ld: LinkedData, agency: Agency) -> dict:
    return ld.ref(agency, ORGANIZATION_TYPES.get(agency.kind, "Organization"))


def payload(request, a: Agency) -> dict:
    return {
        **identity(request, a),
        "acronym": a.acronym,
        "country": a.country or None,
        "kind": a.kind,
        **filed_under(request, a),
    }


def json_ld(ld: LinkedData) -> dict:
    a = ld.entity
    parent = published_parent(a)
    return {
        "@type": ORGANIZATION_TYPES.get(a.kind, "Organization"),
        "alternateName": [a.acronym, *a.aliases] if a.acronym else a.aliases,
        "description": a.description,
        "address": ({"@type": "PostalAddress", "addressCountry": a.country} if a.country else None),
        "parentOrganization": organization(ld, parent) if parent else None,
        # schema.org allows `citation` on creative works only: the articles
        # that report on this entry are what it is the subject of.
        "subjectOf": ld.sources(),
    }


def search_body(a: Agency) -> list[str]:
    parent = published_parent(a)
    return [
        a.get_kind_display(),
        a.get_country_display() if a.country else "",
        str(parent) if parent else "",
        *quotes(a),
    ]


KIND = Kind(
    name="agency",
    model=Agency,
    label=_("Agency"),
    plural=_("Agencies"),
    heading=_("Agencies"),
    list_title=_("Agencies and organisations"),
    card_facts=lambda a: [a.get_kind_display(), a.get_country_display() if a.country else ""],
    filterset_path="cooperation.filters.AgencyFilter",
    payload=payload,
    csv=(
        ("slug", attribute("slug")),
        ("name", attribute("name")),
        ("acronym", attribute("acronym")),
        ("country", attribute("country")),
        ("kind", attribute("kind")),
        ("parent", lambda request, a: published_slug(a.parent)),
        ("url", url),
        ("evidence", tiers),
    ),
    list_shows=("agency", "agreement", "event", "technology"),
    csv_more=(
        ("kind_label", lambda request, a: a.get_kind_display()),
        ("country_name", lambda request, a: a.get_country_display() if a.country else ""),
        ("parent_name", lambda request, a: parent_name(a)),
        ("description", attribute("description")),
        ("source_urls", document_urls),
    ),
    csv_prefetch=(cited_documents(),),
    json_ld=json_ld,
    search=SearchDocument(
        names=lambda a: (a.name, a.acronym, a.aliases),
        summary=lambda a: a.description,
        body=search_body,
        select=("parent",),
        prefetch=(published_quotes,),
        names_ja=japanese_names,
        body_ja=lambda a: [parent.name_ja] if (parent := published_parent(a)) else [],
    ),
    # `parent`: a children list sets each child's parent; `kind`: the page's JSON-LD types it.
    display=(
        ("slug", "name", "name_ja", "acronym", "kind", "parent", "publication_status"),
        ("name", "pk"),
    ),
    related=(
        Relation("children", _("Units and sub-organisations")),
        Relation("agreements", _("Agreements"), list_filter=("agreement", "agency")),
        Relation("events", _("Events"), list_filter=("event", "agency")),
    ),
)
