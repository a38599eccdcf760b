"""The one walker of the parent trees (technology areas, agencies' units).

`Tree` holds a {pk: parent pk} map, loaded in one query, and answers every
question the site asks of a tree: an area with its sub-areas (filters, an area's
page), an area with its parents (facet counts, search tags), the outline order
(facets, the home page, pictures, fixtures).

A technology area may also sit under other areas than its parent (issue 18,
`Technology.also_under`, read in the same query). The sub-area and parent walks follow
those edges, so an agreement filed under such an area is found under each of
its parents; the outline keeps every area once, under its parent. `ancestors` and `is_own_ancestor`
walk model instances up `parent`, for validation. Every walk visits a node once,
so a cycle that slipped into the data cannot make it loop forever.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import takewhile
from typing import Any

from django.apps import apps


class Tree:
    def __init__(
        self, parents: Mapping[int, int | None], extra_parents: Iterable[tuple[int, int]] = ()
    ):
        self.parents = dict(parents)
        self._ancestors: dict[int | None, frozenset[int]] = {}
        self.children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.parents.items():
            self.children.setdefault(parent_id, []).append(pk)
        # Like `parent`, an edge counts when its lower end is in the tree.
        self.extra_parents: dict[int, list[int]] = {}
        self.extra_children: dict[int, list[int]] = {}
        for pk, parent_id in extra_parents:
            if pk in self.parents:
                self.extra_parents.setdefault(pk, []).append(parent_id)
                self.extra_children.setdefault(parent_id, []).append(pk)

    @classmethod
    def of(cls, queryset) -> Tree:
        return cls(queryset.values_list("pk", "parent_id"))

    @classmethod
    def technologies(cls, *, published: bool = True) -> Tree:
        """The technology areas: the published ones (what the public sees), or all."""
        technology = apps.get_model("cooperation", "Technology").objects
        areas = technology.published() if published else technology.all()
        return cls.of_edges(areas.values_list("pk", "parent_id", "also_under"))

    @classmethod
    def of_edges(cls, rows: Iterable[tuple[int, int | None, int | None]]) -> Tree:
        """From (pk, parent pk, extra parent pk) rows: a node's extra parents come in the
        same query, joined, one row each (or one row with None), so they cost no query."""
        parents: dict[int, int | None] = {}
        extra_parents = []
        for pk, parent_id, extra_parent_id in rows:
            parents[pk] = parent_id
            if extra_parent_id is not None:
                extra_parents.append((pk, extra_parent_id))
        return cls(parents, extra_parents)

    def descendants(self, pks: Iterable[int]) -> set[int]:
        """The given nodes and every node below them, through extra parents too."""
        found: set[int] = set()
        stack = list(pks)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(self.children.get(pk, ()))
                stack.extend(self.extra_children.get(pk, ()))
        return found

    def ancestors_or_self(self, pk: int | None) -> frozenset[int]:
        """The node and the nodes above it within the tree, through extra parents too.

        Remembered per node: rolling counts up asks once per (entry, area) pair, tens of
        thousands of times for a few hundred areas.
        """
        known = self._ancestors.get(pk)
        if known is not None:
            return known
        found: set[int] = set()
        stack = [pk]
        while stack:
            node = stack.pop()
            if node is not None and node in self.parents and node not in found:
                found.add(node)
                stack.append(self.parents[node])
                stack.extend(self.extra_parents.get(node, ()))
        self._ancestors[pk] = frozen = frozenset(found)
        return frozen

    def with_ancestors(self, pks: Iterable[int]) -> set[int]:
        return set().union(*(self.ancestors_or_self(pk) for pk in pks))

    def order(self, key: Callable[[int], Any]) -> list[tuple[int, int]]:
        """(pk, depth) depth-first, siblings by `key`; a node whose parent is not in the
        tree (a draft parent) starts a tree of its own, so it never disappears. Each node
        appears once, under its parent: extra parents are not part of the outline."""
        roots: dict[int | None, list[int]] = {}
        for pk, parent_id in self.parents.items():
            roots.setdefault(parent_id if parent_id in self.parents else None, []).append(pk)
        ordered, seen = [], set()
        stack = [(pk, 0) for pk in sorted(roots.get(None, []), key=key)[::-1]]
        while stack:
            pk, depth = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            ordered.append((pk, depth))
            kids = sorted(roots.get(pk, []), key=key)[::-1]
            stack.extend((kid, depth + 1) for kid in kids)
        return ordered

    def ordered(self, nodes: Iterable, key: Callable[[Any], Any]) -> list[tuple[Any, int]]:
        """`nodes` (model instances of this tree) in outline order, with their depth."""
        by_pk = {node.pk: node for node in nodes}
        return [(by_pk[pk], depth) for pk, depth in self.order(lambda pk: key(by_pk[pk]))]

    @classmethod
    def of_nodes(cls, nodes: Iterable) -> Tree:
        return cls({node.pk: node.parent_id for node in nodes})


def ancestors(instance) -> list:
    """Walk up `parent` from a model instance, stopping on a cycle."""
    return list(takewhile(lambda node: node.pk != instance.pk, _walk_up(instance.parent)))


def is_own_ancestor(instance) -> bool:
    """Whether saving `instance` with its parent would close a cycle."""
    if instance.pk is None:
        return False
    return any(node.pk == instance.pk for node in _walk_up(instance.parent))


def _walk_up(node):
    seen = set()
    while node is not None and node.pk not in seen:
        yield node
        seen.add(node.pk)
        node = node.parent
