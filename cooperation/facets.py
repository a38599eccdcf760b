"""Facet counts of the list pages, computed from a FilterSet.

A facet's counts apply every other active filter but not its own selection, so
choosing a second value within a facet widens the results (OR within a facet)
while each facet narrows the others (AND across facets). One or two queries per
facet, whatever the number of rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext

from .filters import UNKNOWN, FacetedFilterSet
from .models import Agency, Agreement, Event, PublicationStatus, Technology
from .models.tree import Tree
from .querystring import query_string

# Parameters that never survive a change of filters.
RESET_ON_CHANGE = ("page", "format")


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""
    depth: int = 0


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)
    # Options left out of a long facet, and the link that shows them all.
    hidden: bool = False
    show_all_url: str = ""

    @property
    def active(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass
class Chip:
    """An active filter, shown with a link that removes it."""

    name: str
    label: str
    value: str
    remove_url: str


def query_url(
    params: QueryDict,
    name: str,
    *,
    add: str | None = None,
    remove: str | None = None,
    keep_page: bool = False,
):
    """The current query string with one value of `name` added or removed, page reset
    (unless `keep_page`: showing more options changes no results)."""
    return "?" + query_string(
        params,
        drop=("format",) if keep_page else RESET_ON_CHANGE,
        add=None if add is None else (name, add),
        remove=None if remove is None else (name, remove),
    )


def _japanese_column(model, prefix: str = "") -> tuple[str, ...]:
    """The `name_ja` column to read beside the name on a Japanese page, where the model
    has one (issue 15); nothing otherwise, so an English page reads what it always did."""
    if translation.get_language() != "ja":
        return ()
    names = {f.name for f in model._meta.concrete_fields}
    return (f"{prefix}name_ja",) if "name_ja" in names else ()


def technology_tree() -> tuple[dict[int, dict], Tree]:
    """The published areas' slugs and names, and their tree with the extra parents, so
    an area counts under each of its parents (one query: a row per extra parent). On a
    Japanese page an area's name is its Japanese one where it has one."""
    nodes, rows = {}, []
    japanese = _japanese_column(Technology)
    for (
        pk,
        parent_id,
        slug,
        name,
        extra_parent_id,
        *name_ja,
    ) in Technology.objects.published().values_list(
        "pk", "parent_id", "slug", "name", "also_under", *japanese
    ):
        nodes[pk] = {"slug": slug, "name": (name_ja and name_ja[0]) or name}
        rows.append((pk, parent_id, extra_parent_id))
    return nodes, Tree.of_edges(rows)


def rolled_up_counts(pairs, tree: Tree) -> Counter:
    """Count each owner once under each area it is filed in, or under any sub-area of it."""
    areas_of: dict[int, frozenset[int]] = {}
    for owner_id, technology_id in pairs:
        if technology_id is not None:
            areas = tree.ancestors_or_self(technology_id)
            # Most owners are filed in one area: no set of their own to build.
            known = areas_of.get(owner_id)
            areas_of[owner_id] = areas if known is None else known | areas
    counts: Counter = Counter()
    for areas in areas_of.values():
        counts.update(areas)
    return counts


def outline(nodes: dict[int, dict], tree: Tree) -> list[tuple[int, int]]:
    """(pk, depth) of the areas in outline order, siblings by name."""
    return tree.order(key=lambda pk: nodes[pk]["name"])


def _technology_options(qs: QuerySet, selected: set[str]) -> list[Option]:
    nodes, tree = technology_tree()
    model = qs.model
    if model is Agency:
        pairs = list(
            Agreement.parties.through.objects.filter(
                agency__in=qs, agreement__publication_status=PublicationStatus.PUBLISHED
            ).values_list("agency_id", "agreement__technologies")
        ) + list(
            Event.participants.through.objects.filter(
                agency__in=qs, event__publication_status=PublicationStatus.PUBLISHED
            ).values_list("agency_id", "event__technologies")
        )
    else:
        owner = model._meta.model_name
        pairs = model.technologies.through.objects.filter(**{f"{owner}__in": qs}).values_list(
            f"{owner}_id", "technology_id"
        )
    counts = rolled_up_counts(pairs, tree)
    return [
        Option(
            nodes[pk]["slug"],
            nodes[pk]["name"],
            counts[pk],
            nodes[pk]["slug"] in selected,
            depth=depth,
        )
        for pk, depth in outline(nodes, tree)
        if counts[pk] or nodes[pk]["slug"] in selected
    ]


def _agency_options(qs: QuerySet, selected: set[str], limit: int | None) -> list[Option]:
    """Agencies by how many rows they are linked to; the first `limit + 1` only, if given
    (one more than shown tells that there are more), then any selected ones left out."""
    model = qs.model
    through = Agreement.parties.through if model is Agreement else Event.participants.through
    owner = model._meta.model_name
    linked = through.objects.filter(
        **{f"{owner}__in": qs}, agency__publication_status=PublicationStatus.PUBLISHED
    )
    columns = (
        "agency__slug",
        "agency__name",
        "agency__acronym",
        *_japanese_column(Agency, "agency__"),
    )
    rows = list(
        linked.values(*columns)
        .annotate(n=Count(f"{owner}_id"))
        .order_by("-n", "agency__name", "agency__slug")[: limit + 1 if limit else None]
    )
    if limit and selected - {row["agency__slug"] for row in rows}:
        rows += (
            linked.filter(agency__slug__in=selected)
            .values(*columns)
            .annotate(n=Count(f"{owner}_id"))
            .order_by()
        )
    options = [
        Option(
            row["agency__slug"],
            f"{_agency_name(row)} ({row['agency__acronym']})"
            if row["agency__acronym"]
            else _agency_name(row),
            row["n"],
            row["agency__slug"] in selected,
        )
        for row in {row["agency__slug"]: row for row in rows}.values()
    ]
    seen = {o.value for o in options}
    missing = selected - seen
    if missing:
        for agency in Agency.objects.published().filter(slug__in=missing):
            options.append(Option(agency.slug, str(agency), 0, True))
    return options


def _agency_name(row: dict) -> str:
    return row.get("agency__name_ja") or row["agency__name"]


def _party_country_counts(qs: QuerySet) -> Counter:
    model = qs.model
    through = Agreement.parties.through if model is Agreement else Event.participants.through
    owner = model._meta.model_name
    rows = (
        through.objects.filter(
            **{f"{owner}__in": qs}, agency__publication_status=PublicationStatus.PUBLISHED
        )
        .exclude(agency__country="")
        .values("agency__country")
        .annotate(n=Count(f"{owner}_id", distinct=True))
        .order_by()
    )
    return Counter({row["agency__country"]: row["n"] for row in rows})


def _field_counts(qs: QuerySet, field_name: str) -> Counter:
    rows = qs.values(field_name).annotate(n=Count("pk")).order_by()
    counts: Counter = Counter()
    for row in rows:
        value = row[field_name]
        if value is True:
            key = "yes"
        elif value is False:
            key = "no"
        elif value in (None, ""):
            key = UNKNOWN
        else:
            key = value
        counts[key] += row["n"]
    return counts


def _choice_options(choices, counts: Counter, selected: set[str]) -> list[Option]:
    # The models' labels are English; the catalogue has them (choice_labels.py).
    return [
        Option(str(value), gettext(str(label)), counts[value], str(value) in selected)
        for value, label in choices
        if counts[value] or str(value) in selected
    ]


def _options(
    filterset: FacetedFilterSet, name: str, selected: set[str], limit: int | None
) -> list[Option]:
    qs = filterset.facet_queryset(name)
    model = qs.model
    if name == "technology":
        return _technology_options(qs, selected)
    if name == "agency":
        return _agency_options(qs, selected, limit)
    choices = filterset.form.fields[name].choices
    if name == "country" and model is not Agency:
        counts = _party_country_counts(qs)
    elif name == "binding":
        counts = _field_counts(qs, "legally_binding")
    else:
        counts = _field_counts(qs, name)
    options = _choice_options(choices, counts, selected)
    if name == "country":
        options.sort(key=lambda o: -o.count)
    return options


# A facet with more options than this shows only its first FACET_SHOWN, by count
# (a tree facet: its top-level areas and the branches of what is selected), and a
# link to see them all (`?more=<facet>`). The JSON twin always has every option.
FACET_COLLAPSE_ABOVE = {"technology": 40}
FACET_COLLAPSE_DEFAULT = 20
FACET_SHOWN = 12


def _shortened(name: str, options: list[Option]) -> list[Option]:
    if name == "technology":
        # Top-level areas, the path down to each selected area, and its sub-areas.
        keep: set[int] = set()
        path: list[int] = []  # indices of the ancestors of the option looked at
        for index, option in enumerate(options):
            del path[option.depth :]
            if option.depth == 0 or option.selected or (path and options[path[-1]].selected):
                keep.add(index)
            if option.selected:
                keep.update(path)
            path.append(index)
        return [o for i, o in enumerate(options) if i in keep]
    return options[:FACET_SHOWN] + [o for o in options[FACET_SHOWN:] if o.selected]


def build_facets(
    filterset: FacetedFilterSet, params: QueryDict, *, complete: bool = False
) -> list[Facet]:
    """The facets of a list; `complete` (the JSON twin) lists every option of each."""
    expanded = set(params.getlist("more"))
    facets = []
    for name in filterset.facet_names:
        selected = set(params.getlist(name))
        collapse_above = FACET_COLLAPSE_ABOVE.get(name, FACET_COLLAPSE_DEFAULT)
        short = not complete and name not in expanded
        options = _options(filterset, name, selected, collapse_above if short else None)
        facet = Facet(name, str(filterset.filters[name].label), options)
        if short and len(options) > collapse_above:
            facet.options = _shortened(name, options)
            facet.hidden = True
            facet.show_all_url = query_url(params, "more", add=name, keep_page=True)
        for option in facet.options:
            option.url = query_url(
                params,
                name,
                add=None if option.selected else option.value,
                remove=option.value if option.selected else None,
            )
        facets.append(facet)
    return facets


def build_chips(filterset: FacetedFilterSet, params: QueryDict, facets: list[Facet]) -> list[Chip]:
    chips = []
    for facet in facets:
        for option in facet.options:
            if option.selected:
                chips.append(Chip(facet.name, facet.label, option.label, option.url))
    for name in ("q", "year_from", "year_to", "evidence"):
        value = params.get(name, "")
        if name in filterset.filters and value.strip():
            chips.append(
                Chip(
                    name,
                    str(filterset.filters[name].label),
                    value,
                    query_url(params, name, remove=value),
                )
            )
    return chips


def facets_json(facets: list[Facet]) -> dict:
    return {
        facet.name: [
            {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
            for o in facet.options
        ]
        for facet in facets
    }
