"""What a fixture load knows without asking the database again.

A load names every entry by its natural key, often many times (each party, area,
citation), and a fresh one creates every row. Within `load_index()`:

- an entry, reference or citation is found by its key without a query: one query a
  model fills its index, and the rows the load creates join it as they are saved;
- so a key the index lacks is not in the database: nothing is deleted or renamed during
  a load, and an entry's old slugs (its slug history) are in the index too;
- the rows a record points to (a citation's source, reference and entry) are read once a
  model (`related_row`), for the natural keys and names the loader and the history ask for.

Outside a load every function here does what the ORM does.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable

from django.db import models

# {model: {natural key: pk}} and {("rows", model): {pk: row}} while a load runs.
_index: contextvars.ContextVar[dict | None] = contextvars.ContextVar("load_index", default=None)


@contextlib.contextmanager
def load_index():
    token = _index.set({})
    try:
        yield
    finally:
        _index.reset(token)


def indexed_pk(model, key, read_all: Callable[[], dict]) -> int | None:
    """The pk of `key` in the load's index of `model` (read_all() fills it, once)."""
    index = _index.get()
    if index is None:
        return None
    if model not in index:
        index[model] = read_all()
    return index[model].get(key)


def knows_every_key(model) -> bool:
    """True when a key missing from the index of `model` is missing from the database."""
    index = _index.get()
    return index is not None and model in index


def remember(model, key, pk: int) -> None:
    """A row found or created during a load is found without a query next."""
    index = _index.get()
    if index is not None and model in index:
        index[model][key] = pk


def related_row(instance: models.Model, name: str):
    """`instance.<name>` (a foreign key): during a load, from one read of its whole table."""
    index = _index.get()
    model_field = instance._meta.get_field(name)
    pk = getattr(instance, model_field.attname)
    if index is None or pk is None or model_field.is_cached(instance):
        return getattr(instance, name)
    model = model_field.related_model
    rows = index.get(("rows", model))
    if rows is None:
        rows = index[("rows", model)] = model._base_manager.in_bulk()
    if pk not in rows:  # created since the table was read
        rows[pk] = model._base_manager.get(pk=pk)
    model_field.set_cached_value(instance, rows[pk])
    return rows[pk]
