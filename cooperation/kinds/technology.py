"""Technology areas: a tree (hypersonics, autonomy, semiconductors, ...)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Technology
from .base import (
    Kind,
    LinkedData,
    SearchDocument,
    attribute,
    filed_under,
    identity,
    japanese_names,
    published_parent,
    published_quotes,
    published_slug,
    quotes,
    refs,
    tiers,
    url,
)
from .columns import cited_documents, document_urls, parent_name


def payload(request, t: Technology) -> dict:
    # `parent` and `children` stay the outline's; the other edges (issue 18) have keys
    # of their own, so a reader of the old keys still sees a tree.
    return {
        **identity(request, t),
        **filed_under(request, t),
        "also_under": refs(request, t.also_under.all()),
        "also_children": refs(request, t.also_children.all()),
    }


def json_ld(ld: LinkedData) -> dict:
    t = ld.entity
    return {
        "@type": "DefinedTerm",
        "alternateName": t.aliases,
        "description": t.description,
        # The set is the list of all areas, which is what the term belongs to.
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "name": "Technology areas",
            "url": ld.absolute("cooperation:technology-list"),
        },
        # schema.org allows `citation` on creative works only: the articles
        # that report on this entry are what it is the subject of.
        "subjectOf": ld.sources(),
    }


def search_body(t: Technology) -> list[str]:
    parent = published_parent(t)
    return [str(parent) if parent else "", *quotes(t)]


KIND = Kind(
    name="technology",
    model=Technology,
    label=_("Technology"),
    plural=_("Technologies"),
    heading=_("Technology areas"),
    list_title=_("Technology areas"),
    card_facts=lambda t: [f"part of {parent}" if (parent := published_parent(t)) else ""],
    filterset_path="cooperation.filters.TechnologyFilter",
    payload=payload,
    csv=(
        ("slug", attribute("slug")),
        ("name", attribute("name")),
        ("parent", lambda request, t: published_slug(t.parent)),
        ("aliases", lambda request, t: "; ".join(t.aliases)),
        ("url", url),
        ("evidence", tiers),
    ),
    list_shows=("technology", "agreement", "event"),
    csv_more=(
        ("parent_name", lambda request, t: parent_name(t)),
        ("description", attribute("description")),
        ("source_urls", document_urls),
    ),
    csv_prefetch=(cited_documents(),),
    json_ld=json_ld,
    search=SearchDocument(
        names=lambda t: (t.name, "", t.aliases),
        summary=lambda t: t.description,
        body=search_body,
        select=("parent",),
        prefetch=(published_quotes,),
        technologies=lambda t: [t.pk],
        names_ja=japanese_names,
        body_ja=lambda t: [parent.name_ja] if (parent := published_parent(t)) else [],
    ),
    display=(("slug", "name", "name_ja", "parent", "publication_status"), ("name", "pk")),
    page_extra_path="cooperation.views.extras.TechnologyExtras",
)
