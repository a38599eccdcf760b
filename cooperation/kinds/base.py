"""What a kind of entry is, and the small helpers its declaration is written with.

A `Kind` is the one declaration of everything the layers know about a kind of
entry: its model and labels, its routes and templates, its FilterSet, its JSON
payload and CSV columns, what its page lists of its neighbours, its search
document and its schema.org description. Each kind declares itself in a module
of its own (cooperation/kinds/agreement.py, ...); cooperation/kinds/__init__.py
lists them. This module imports only the models, so every layer may read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Model, Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from ..models import CITABLE, Citation, PublicationStatus, format_fuzzy_date
from ..naming import slug_url

PUBLISHED = PublicationStatus.PUBLISHED


# --- JSON and CSV ------------------------------------------------------------------


def url(request: HttpRequest, entity) -> str:
    return request.build_absolute_uri(entity.get_absolute_url())


def ref(request: HttpRequest, entity) -> dict | None:
    if entity is None or not entity.is_published:
        return None
    return {"slug": entity.slug, "name": str(entity.name), "url": url(request, entity)}


def refs(request: HttpRequest, entities: Iterable) -> list[dict]:
    return [ref(request, e) for e in entities if e.is_published]


def reference(r) -> dict:
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
                    "url": url(request, c.source),
                }
                if quoted
                else None,
                "quote": c.quote,
                "field": c.field,
                "url": request.build_absolute_uri(c.get_absolute_url())
                if quoted
                else c.reference.url,
                "evidence": c.evidence,
                "reference": None if quoted else reference(c.reference),
                "claim": c.claim,
                "locator": c.locator,
            }
        )
    return out


def evidence(entity) -> list[str]:
    """The tiers an entry's public citations stand on, from what is prefetched."""
    tiers = {c.evidence for c in entity.citations.all() if not c.source_id or c.source.is_published}
    return [tier for tier in ("quoted", "referenced") if tier in tiers]


def tiers(request: HttpRequest, row) -> str:
    """The CSV "evidence" cell, from the for_csv() annotations: "quoted; referenced"."""
    return "; ".join(
        tier
        for tier, present in (("quoted", row.has_quoted), ("referenced", row.has_referenced))
        if present
    )


def japanese_name(entity) -> str:
    """The entry's Japanese name (`name_ja`), "" where it has none or its kind has no
    such field. A field an .only() left out reads as "": it would cost a query a row."""
    deferred = getattr(entity, "get_deferred_fields", None)
    if entity is None or (deferred is not None and "name_ja" in deferred()):
        return ""
    return (getattr(entity, "name_ja", "") or "").strip()


def identity(request: HttpRequest, entity) -> dict:
    """The keys every named entry's payload starts with."""
    keys = {"slug": entity.slug, "url": url(request, entity), "name": str(entity.name)}
    if hasattr(type(entity), "name_ja"):  # the Japanese name beside the English (issue 15)
        keys |= {
            "name_ja": entity.name_ja,
            "name_ja_official": entity.name_ja_official,
            "aliases_ja": entity.aliases_ja,
        }
    return keys


def filed_under(request: HttpRequest, entity) -> dict:
    """The payload keys of an entry of a hierarchy (an agency, a technology area)."""
    return {
        "parent": ref(request, entity.parent),
        "children": refs(request, entity.children.all()),
        "aliases": entity.aliases,
        "description": entity.description,
        "agreements": refs(request, entity.agreements.all()),
        "events": refs(request, entity.events.all()),
        "note": entity.note,
        "citations": citations(request, entity),
        "evidence": evidence(entity),
    }


def iso_date(entity, field_name: str) -> str:
    return format_fuzzy_date(
        getattr(entity, field_name), getattr(entity, f"{field_name}_precision"), "iso"
    )


def slugs(entities) -> str:
    """Related entries in a CSV cell: their slugs, "; "-separated."""
    return "; ".join(e.slug for e in entities if e.is_published)


def published_slug(entity) -> str:
    return entity.slug if entity is not None and entity.is_published else ""


def yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def attribute(name: str) -> Callable:
    """A CSV cell that is the entry's own field."""
    return lambda request, entity: getattr(entity, name)


# --- Search documents ----------------------------------------------------------------


def published_relation(name: str, *fields: str) -> Callable[[type[Model]], Prefetch]:
    """A prefetch of the published entries of relation `name`, as `public_<name>`."""

    def prefetch(model: type[Model]) -> Prefetch:
        related = model._meta.get_field(name).related_model
        return Prefetch(
            name,
            queryset=related.objects.published().only("id", *fields),
            to_attr=f"public_{name}",
        )

    return prefetch


def published_quotes(model: type[Model]) -> Prefetch:
    """The entry's public citations, as `public_citations`: quotes of published
    sources and, like them, the claims of references (issue 14)."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.public().only(
            "quote", "claim", "agreement_id", "agency_id", "technology_id", "event_id"
        ),
        to_attr="public_citations",
    )


def names_of(entities) -> str:
    return "\n".join(str(e) for e in entities)


def japanese_names(entity) -> list[str]:
    """An entry's Japanese name and aliases (issue 15), as search indexes them."""
    return [entity.name_ja, *(entity.aliases_ja or [])] if entity.name_ja else []


def japanese_names_of(entities) -> list[str]:
    """The Japanese names of related entries: Japanese text of the entry that names them."""
    return [e.name_ja for e in entities if getattr(e, "name_ja", "")]


def quotes(entity) -> list[str]:
    return [c.quote or c.claim for c in entity.public_citations]


def published_parent(entity):
    return entity.parent if entity.parent_id and entity.parent.is_published else None


@dataclass(frozen=True)
class SearchDocument:
    """How an entry reads to search. Three weighted texts (cooperation/search/base.py
    weighs names above summary above body), their Japanese (read by the analyser,
    cooperation/search/japanese.py) and the technology areas it is filed under.

    `prefetch` items are functions of the model giving a Prefetch (or a
    select_related name), so the document is built with a fixed number of queries.
    """

    names: Callable  # entity -> (name, acronym, aliases)
    summary: Callable  # entity -> str
    body: Callable  # entity -> list[str]
    prefetch: tuple = ()
    select: tuple[str, ...] = ()
    # entity -> technology ids; None: the kind is never filtered by technology.
    technologies: Callable | None = None
    # entity -> its Japanese names (name, then aliases), weighted as the names.
    names_ja: Callable = lambda entity: []
    # entity -> Japanese texts of its body (the Japanese names of the entries it names).
    # Japanese written in the summary or body is found there and indexed too.
    body_ja: Callable = lambda entity: []


# --- Entity pages --------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """A neighbour list on an entity page: `attribute` of the entry, under `heading`.

    `list_filter` is (kind, parameter): the list of that kind filtered to this entry,
    which holds the whole relation when the page shows only a screenful.
    """

    key: str
    heading: str
    attribute: str = ""
    list_filter: tuple[str, str] | None = None

    @property
    def id(self) -> str:
        return self.key.replace("_", "-")


# --- JSON-LD -------------------------------------------------------------------------


@dataclass
class LinkedData:
    """What a kind's schema.org description is written with: the page's own lists.

    `related` and `citations` are what the page shows (cooperation/related.py); without
    them an entry's relations are read whole.
    """

    request: HttpRequest
    entity: Model
    related: dict = field(default_factory=dict)
    citations: object = None

    def ref(self, entry, schema_type: str) -> dict:
        return {"@type": schema_type, "name": str(entry), "url": url(self.request, entry)}

    def items(self, relation: str) -> list:
        """The entries the page lists of `relation` (a screenful), else all of them."""
        if relation in self.related:
            return self.related[relation].items
        # .all() reuses what the page prefetched; the check keeps drafts out either way.
        return [e for e in getattr(self.entity, relation).all() if e.is_published]

    def sources(self) -> list[dict]:
        seen, cited = set(), []
        found = self.entity.citations.all() if self.citations is None else self.citations
        for citation in found:
            source, reference = citation.source, citation.reference
            if source is not None and source.is_published and source.pk not in seen:
                seen.add(source.pk)
                cited.append(self.ref(source, "Article"))
            elif source is None and reference is not None and ("r", reference.pk) not in seen:
                # A referenced document: schema.org names it by its own address.
                seen.add(("r", reference.pk))
                cited.append(
                    {
                        "@type": "CreativeWork",
                        "name": reference.title,
                        "url": reference.url,
                        "publisher": reference.publisher,
                    }
                )
        return cited

    def absolute(self, url_name: str) -> str:
        return self.request.build_absolute_uri(reverse(url_name))


# --- The declaration -----------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """Everything the code knows about one kind of entry; see the module docstring."""

    name: str  # "agreement": the model name, the search type, the route prefix
    model: type[Model]
    # Labels are lazy translations, read in the page's language; key_plural is not.
    label: str  # "Agreement": a search result's type
    plural: str  # "Agreements": the search type menu; in English, JSON keys and URLs
    heading: str  # "Agreements": a group of them on another entry's page
    list_title: str  # the list page's title
    filterset_path: str  # dotted path: the FilterSet lives above this layer
    payload: Callable[[HttpRequest, Model], dict]
    csv: tuple[tuple[str, Callable], ...]  # the established columns, never changed
    json_ld: Callable[[LinkedData], dict]
    search: SearchDocument
    # What a related list of this kind loads and its order: (fields, ordering).
    display: tuple[tuple[str, ...], tuple] | None = None
    related: tuple[Relation, ...] = ()
    # Dotted path of fn(request, entity, fmt) -> (HTML context, JSON keys) for its page.
    page_extra_path: str = ""
    title_field: str = "name"
    has_feed: bool = False  # its list has an Atom feed of its own, with the list's filters
    # The kinds whose content its list page (HTML) shows, rows and facets: a write to
    # another kind leaves the cached list standing (page_cache.py). None: every kind.
    list_shows: tuple[str, ...] | None = None
    # entity -> the short facts its link-preview card shows under its name (kind, date…)
    card_facts: Callable[[Model], list[str]] = lambda entity: []
    # The analyst's columns after `csv`, and the prefetches they read (kinds/columns.py).
    csv_more: tuple[tuple[str, Callable], ...] = ()
    csv_prefetch: tuple = ()

    @property
    def citable(self) -> bool:
        """Whether a citation can point at it (sources are what cite): Citation's targets."""
        return self.name in CITABLE

    @property
    def key_plural(self) -> str:
        """The URL segment and JSON key ("agreements"): the English plural, whatever
        language the page is in, so addresses and payloads never change with it."""
        with translation.override(None):
            return str(self.plural).lower()

    @property
    def list_url_name(self) -> str:
        return f"cooperation:{self.name}-list"

    @property
    def detail_url_name(self) -> str:
        return f"cooperation:{self.name}-detail"

    @property
    def feed_url_name(self) -> str:
        return f"cooperation:{self.name}-feed"

    @property
    def row_template(self) -> str:
        return f"browse/_row_{self.name}.html"

    @property
    def detail_template(self) -> str:
        return f"cooperation/{self.name}_detail.html"

    @property
    def admin_change_url_name(self) -> str:
        return f"admin:cooperation_{self.name}_change"

    @property
    def admin_add_url_name(self) -> str:
        return f"admin:cooperation_{self.name}_add"

    @cached_property
    def filterset(self):
        return import_string(self.filterset_path)

    @cached_property
    def page_extra(self) -> Callable | None:
        return import_string(self.page_extra_path) if self.page_extra_path else None

    @property
    def csv_header(self) -> list[str]:
        return [column for column, _ in self.csv]

    def csv_row(self, request: HttpRequest, entity) -> list:
        return [cell(request, entity) for _, cell in self.csv]

    def detail_url(self, slug: str) -> str:
        return slug_url(self.detail_url_name, slug)


def newest_first(date_field: str, name_field: str = "name") -> tuple:
    return (F(date_field).desc(nulls_last=True), name_field, "pk")
