"""The registry of entity kinds: one declaration per kind, read by every layer.

`KINDS` maps a kind's name ("agreement") to its `Kind` (cooperation/kinds/base.py),
in the order the site lists them. To add a field every kind shows, add it to
`Kind` and to each declaration; to add a kind, write its module here, its model
and its templates (`browse/_row_<name>.html`, `cooperation/<name>_detail.html`).
"""

from __future__ import annotations

from django.db.models import Model

from .. import models
from . import agency, agreement, event, source, technology
from .base import Kind, LinkedData, Relation, SearchDocument, ref, refs

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND for module in (agreement, agency, technology, event, source)
}
BY_MODEL: dict[type[Model], Kind] = {kind.model: kind for kind in KINDS.values()}
# The kinds a citation can point at, in the order mentions and supports are shown.
CITABLE: dict[str, Kind] = {name: KINDS[name] for name in models.CITABLE}


def kind_of(entity_or_model) -> Kind:
    model = entity_or_model if isinstance(entity_or_model, type) else type(entity_or_model)
    return BY_MODEL[model._meta.concrete_model]


__all__ = [
    "BY_MODEL",
    "CITABLE",
    "KINDS",
    "Kind",
    "LinkedData",
    "Relation",
    "SearchDocument",
    "kind_of",
    "ref",
    "refs",
]
