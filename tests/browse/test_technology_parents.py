"""A technology area under more than one parent (issue 18).

Hypersonic defense is filed under Hypersonics and also under Air and missile defense:
what is filed there shows under both, counted once, and the outline keeps it once.
"""

import pytest
from django.db import transaction
from django.forms import NullBooleanSelect

from cooperation.models import Technology
from cooperation.models.tree import Tree

from . import factories as f
from .test_query_counts import MANY, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    hypersonics = f.technology(slug="hypersonics", name="Hypersonics")
    missile_defense = f.technology(slug="air-and-missile-defense", name="Air and missile defense")
    hypersonic_defense = f.technology(
        slug="hypersonic-defense", name="Hypersonic defense", parent=hypersonics
    )
    hypersonic_defense.also_under.add(missile_defense)
    interceptor = f.agreement(slug="gpi", name="Glide Phase Interceptor arrangement")
    # Filed under the area and its parent both: still one agreement under Hypersonics.
    interceptor.technologies.add(hypersonic_defense, hypersonics)
    f.agreement(slug="bmd", name="Ballistic missile defense MOU").technologies.add(missile_defense)
    f.agreement(slug="other", name="Unrelated agreement").technologies.add(f.technology())
    return {
        "hypersonics": hypersonics,
        "missile_defense": missile_defense,
        "hypersonic_defense": hypersonic_defense,
    }


def _listed(client, query: str) -> set[str]:
    data = client.get(f"/agreements/?{query}&format=json").json()
    return {row["slug"] for row in data["results"]}


# --- What a reader sees --------------------------------------------------------------


def test_the_area_page_names_both_parents(client, areas):
    html = client.get("/technologies/hypersonic-defense/").content.decode()
    assert '<dt>Sub-area of</dt><dd><a href="/technologies/hypersonics/">Hypersonics</a>' in html
    assert (
        '<dt>Also under</dt><dd><a href="/technologies/air-and-missile-defense/">'
        "Air and missile defense</a></dd>" in html
    )


def test_an_area_without_other_parents_says_nothing_of_them(client, areas):
    assert "Also under" not in client.get("/technologies/hypersonics/").content.decode()


@pytest.mark.parametrize("parent", ["hypersonics", "air-and-missile-defense"])
def test_each_parent_page_lists_the_agreement_filed_under_the_area(client, areas, parent):
    html = client.get(f"/technologies/{parent}/").content.decode()
    assert '<a href="/agreements/gpi/">Glide Phase Interceptor arrangement</a>' in html
    assert "Unrelated agreement" not in html


def test_the_other_parent_lists_the_area_as_filed_primarily_elsewhere(client, areas):
    other = client.get("/technologies/air-and-missile-defense/").content.decode()
    primary = client.get("/technologies/hypersonics/").content.decode()
    link = '<a href="/technologies/hypersonic-defense/">Hypersonic defense</a>'
    assert f'{link} <span class="muted">(filed primarily elsewhere)</span>' in other
    assert link in primary
    assert "filed primarily elsewhere" not in primary


@pytest.mark.parametrize("parent", ["hypersonics", "air-and-missile-defense"])
def test_filtering_by_either_parent_includes_the_area(client, areas, parent):
    found = _listed(client, f"technology={parent}")
    assert "gpi" in found
    assert "other" not in found
    html = client.get(f"/agreements/?technology={parent}").content.decode()
    assert 'href="/agreements/gpi/">Glide Phase Interceptor arrangement</a>' in html
    assert "Unrelated agreement" not in html


def test_facet_counts_count_the_agreement_once_under_each_parent(client, areas):
    facet = client.get("/agreements/?format=json").json()["facets"]["technology"]
    counts = {o["value"]: o["count"] for o in facet}
    # gpi is filed under Hypersonics twice over (directly and through the sub-area).
    assert counts["hypersonics"] == 1
    assert counts["hypersonic-defense"] == 1
    assert counts["air-and-missile-defense"] == 2  # bmd, and gpi through the area
    # The outline keeps the area once, under its parent.
    assert [o["value"] for o in facet].count("hypersonic-defense") == 1


def test_the_json_twin_names_the_other_parents_and_keeps_its_keys(client, areas):
    area = client.get("/technologies/hypersonic-defense/?format=json").json()
    assert area["parent"]["slug"] == "hypersonics"
    assert [a["slug"] for a in area["also_under"]] == ["air-and-missile-defense"]
    assert area["also_under"][0]["url"].endswith("/technologies/air-and-missile-defense/")
    parent = client.get("/technologies/air-and-missile-defense/?format=json").json()
    assert parent["children"] == []  # still the outline's
    assert [a["slug"] for a in parent["also_children"]] == ["hypersonic-defense"]
    assert "gpi" in {a["slug"] for a in parent["agreements_including_sub_areas"]}


def test_the_list_json_carries_the_other_parents(client, areas):
    rows = client.get("/technologies/?format=json").json()["results"]
    by_slug = {row["slug"]: row for row in rows}
    assert [a["slug"] for a in by_slug["hypersonic-defense"]["also_under"]] == [
        "air-and-missile-defense"
    ]


def test_a_draft_other_parent_is_not_shown(client, areas):
    Technology.objects.filter(slug="air-and-missile-defense").update(publication_status="draft")
    html = client.get("/technologies/hypersonic-defense/").content.decode()
    assert "Also under" not in html
    assert "air-and-missile-defense" not in html
    assert client.get("/technologies/hypersonic-defense/?format=json").json()["also_under"] == []


# --- The tree ------------------------------------------------------------------------


def test_the_tree_walks_extra_parents_but_outlines_each_area_once(areas):
    pk = {name: area.pk for name, area in areas.items()}
    tree = Tree.technologies()
    assert tree.ancestors_or_self(pk["hypersonic_defense"]) == set(pk.values())
    assert pk["hypersonic_defense"] in tree.descendants([pk["missile_defense"]])
    outline = tree.order(key=lambda node: node)
    assert [node for node, _ in outline].count(pk["hypersonic_defense"]) == 1
    depth = dict(outline)
    assert depth[pk["hypersonic_defense"]] == depth[pk["hypersonics"]] + 1


def test_the_tree_costs_one_query_whatever_its_size(areas, django_assert_num_queries):
    for _ in range(5):
        area = f.technology(parent=areas["hypersonics"])
        area.also_under.add(areas["missile_defense"], f.technology())
    with django_assert_num_queries(1):
        tree = Tree.technologies()
    assert len(tree.extra_parents[area.pk]) == 2


# --- Curators ------------------------------------------------------------------------


def _form_data(response, **changes) -> dict:
    """What the admin change page posts back, with `changes`."""
    data: dict = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, NullBooleanSelect):
                value = bound.field.widget.format_value(value)
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None and not isinstance(value, bool):
                data[bound.html_name] = str(value)
            elif value is True:
                data[bound.html_name] = "on"
    return {**data, **changes}


def _post_change(admin_client, area: Technology, **changes):
    url = f"/admin/cooperation/technology/{area.pk}/change/"
    return admin_client.post(url, _form_data(admin_client.get(url), **changes))


def _stored(area: Technology) -> tuple:
    area.refresh_from_db()
    return area.parent_id, sorted(area.also_under.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("area", "also_under", "message"),
    [
        ("hypersonic_defense", "hypersonic_defense", "cannot be filed under itself"),
        ("hypersonic_defense", "hypersonics", "is already its parent"),
        ("hypersonics", "hypersonic_defense", "would make a loop"),
        ("missile_defense", "hypersonic_defense", "would make a loop"),
    ],
)
def test_the_admin_refuses_a_bad_extra_parent_and_saves_nothing(
    admin_client, areas, area, also_under, message
):
    area, before = areas[area], _stored(areas[area])
    response = _post_change(admin_client, area, also_under=[str(areas[also_under].pk)])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _stored(area) == before


def test_the_admin_refuses_a_parent_that_loops_through_an_extra_parent(admin_client, areas):
    area = areas["missile_defense"]
    response = _post_change(admin_client, area, parent=str(areas["hypersonic_defense"].pk))
    assert response.status_code == 200
    assert "through an “also under” link" in response.content.decode()
    assert _stored(area) == (None, [])


def test_the_admin_saves_a_good_extra_parent(admin_client, areas):
    area = f.technology(slug="glide-vehicles", name="Glide vehicles", parent=areas["hypersonics"])
    response = _post_change(admin_client, area, also_under=[str(areas["missile_defense"].pk)])
    assert response.status_code == 302
    assert _stored(area) == (areas["hypersonics"].pk, ["air-and-missile-defense"])


def test_a_new_extra_parent_reaches_the_search_filter_tags(client, areas):
    # The change pipeline re-indexes what is filed under an area given a new parent.
    area = f.technology(slug="glide-vehicles", name="Glide vehicles")
    f.agreement(slug="glide", name="Glide vehicle arrangement").technologies.add(area)
    area.also_under.add(areas["missile_defense"])
    data = client.get("/search/?q=glide&technology=air-and-missile-defense&format=json").json()
    assert "glide" in {row["slug"] for row in data["results"]}


# --- Query counts --------------------------------------------------------------------


def _area_under_many_parents(n: int) -> str:
    area = Technology.objects.filter(slug="the-area").first() or f.technology(slug="the-area")
    for _ in range(n):
        area.also_under.add(f.technology())
        sub = f.technology(parent=f.technology())
        sub.also_under.add(area)
        f.agreement().technologies.add(sub)
    return "/technologies/the-area/"


@pytest.mark.parametrize("fmt", ["", "?format=json"])
def test_the_area_page_costs_no_more_queries_with_more_parents(client, fmt):
    url = _area_under_many_parents(1)
    one = queries_for(client, url + fmt)
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        _area_under_many_parents(MANY)
    many = queries_for(client, url + fmt)
    assert many <= one, (one, many)
