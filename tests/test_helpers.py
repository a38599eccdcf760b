"""The shared helpers: query strings, the parent trees and entry addresses."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from cooperation.kinds import KINDS
from cooperation.models.tree import Tree
from cooperation.naming import slug_url
from cooperation.querystring import filter_query, query_string, with_query


def test_query_string_keeps_order_and_changes_only_what_it_is_told():
    params = QueryDict("technology=a&kind=mou&page=3&technology=b&format=json")
    assert query_string(params, drop=["format"], set={"page": 1}) == (
        "technology=a&technology=b&kind=mou&page=1"
    )
    assert query_string(params, drop=["page", "format"], add=("technology", "c")) == (
        "technology=a&technology=b&kind=mou&technology=c"
    )
    assert query_string(params, only=["technology"], remove=("technology", "a")) == "technology=b"
    assert query_string(params, set={"technology": ["x", "y"], "kind": None}) == (
        "technology=x&technology=y&page=3&format=json"
    )
    assert with_query("/agreements/", "") == "/agreements/"
    assert with_query("/agreements/", "kind=mou") == "/agreements/?kind=mou"


def test_filter_query_drops_display_parameters_and_blank_values():
    params = QueryDict("technology=quantum&agency=&page=2&sort=name&format=json&q=sosa")
    assert filter_query(params) == "technology=quantum&q=sosa"
    assert filter_query(params, names={"q"}) == "q=sosa"


def test_tree_walks_each_node_once_even_through_a_cycle():
    # 1 ← 2 ← 3, and 4 ↔ 5 a cycle that slipped into the data.
    tree = Tree({1: None, 2: 1, 3: 2, 4: 5, 5: 4})
    assert tree.descendants([1]) == {1, 2, 3}
    assert tree.descendants([4]) == {4, 5}
    assert tree.ancestors_or_self(3) == {1, 2, 3}
    assert tree.ancestors_or_self(4) == {4, 5}
    assert tree.with_ancestors([3, 2]) == {1, 2, 3}
    names = {1: "b", 2: "a", 3: "c", 4: "d", 5: "e"}
    # A cycle has no root: its nodes are not placed in the outline.
    assert tree.order(key=names.get) == [(1, 0), (2, 1), (3, 2)]


def test_tree_order_makes_a_node_whose_parent_is_missing_a_root_and_sorts_siblings():
    tree = Tree({1: None, 2: 1, 3: 1, 4: 99})
    names = {1: "m", 2: "z", 3: "a", 4: "b"}
    assert tree.order(key=names.get) == [(4, 0), (1, 0), (3, 1), (2, 1)]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("prefix", ["/", "/kb/"])
def test_entry_addresses_are_what_reverse_gives_in_each_language_and_prefix(language, prefix):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for kind in KINDS.values():
                expected = reverse(kind.detail_url_name, kwargs={"slug": "sm-3-block-iia"})
                assert slug_url(kind.detail_url_name, "sm-3-block-iia") == expected
                assert expected.startswith(prefix + ("ja/" if language == "ja" else ""))
    finally:
        clear_script_prefix()
