"""Writing the database back to fixtures/ (loading: cooperation/fixture_io.py).

Records are ordered so a diff reads naturally: entities by slug (parents before
children), each record's identifying fields first, then the entity's citations.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core import serializers
from django.db import models

from .fixture_io import FIXTURE_LAYOUT, NOT_EXPORTED
from .models import CITABLE, REFERENCED, Citation
from .models.tree import Tree

# Fields shown first in each record, so a diff reads naturally.
LEADING_FIELDS = ["slug", "name", "title", "acronym"]
TRAILING_FIELDS = ["publication_status"]


def _tree_order(objects: list[models.Model]) -> list[models.Model]:
    """Parents before children, siblings by slug: the order a reader expects."""
    return [node for node, _ in Tree.of_nodes(objects).ordered(objects, key=lambda o: o.slug)]


def _ordered_fields(fields: dict) -> dict:
    leading = [name for name in LEADING_FIELDS if name in fields]
    trailing = [name for name in TRAILING_FIELDS if name in fields]
    middle = [name for name in fields if name not in leading and name not in trailing]
    return {name: fields[name] for name in leading + middle + trailing}


# A citation records only its own tier's fields, so the seed's quoted citations read
# as they always did and a referenced one carries no empty quote.
OTHER_TIER_FIELDS = {
    "quoted": {"reference", "claim", "locator"},
    REFERENCED: {"source", "quote"},
}


def _exported_fields(record: dict) -> dict:
    fields = record["fields"]
    dropped = set(NOT_EXPORTED)
    if record["model"] == "cooperation.citation":
        tier = REFERENCED if fields.get("reference") and not fields.get("source") else "quoted"
        dropped |= OTHER_TIER_FIELDS[tier]
    return {k: v for k, v in fields.items() if k not in dropped}


def _serialize(objects) -> list[dict]:
    records = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    return [
        {"model": record["model"], "fields": _ordered_fields(_exported_fields(record))}
        for record in records
    ]


def export_records(model: type[models.Model]) -> list[dict]:
    entities = list(model.objects.all())
    entities = (
        _tree_order(entities)
        if any(f.name == "parent" for f in model._meta.fields)
        else sorted(entities, key=lambda o: o.slug)
    )
    records = _serialize(entities)
    target = model._meta.model_name
    if target in CITABLE:
        citations = Citation.objects.filter(**{f"{target}__isnull": False}).select_related(
            "source", "reference", target
        )
        # Each entry's quotes, then its referenced claims.
        citations = sorted(
            citations, key=lambda c: (getattr(c, target).slug, c.evidence == REFERENCED, c.pk)
        )
        records += _serialize(citations)
    return records


def render_records(records: list[dict]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"


def export_fixtures(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in FIXTURE_LAYOUT:
        path = directory / name
        path.write_text(render_records(export_records(model)), encoding="utf-8")
        written.append(path)
    return written
