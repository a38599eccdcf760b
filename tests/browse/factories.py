"""Small builders for browse tests: published by default, quotes found in their source."""

from __future__ import annotations

import datetime
import itertools

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

_seq = itertools.count(1)
PUBLISHED = "published"


def _n() -> int:
    return next(_seq)


def source(**fields) -> Source:
    n = _n()
    defaults = {
        "slug": f"source-{n}",
        "title": f"Source {n}",
        "publisher": "Test Press",
        "text": f"Opening line of source {n}.\n\nA quoted passage number {n} lives here.",
        "published_on": datetime.date(2023, 1, 1),
        "published_on_precision": "year",
        "publication_status": PUBLISHED,
    }
    return Source.objects.create(**{**defaults, **fields})


def technology(**fields) -> Technology:
    n = _n()
    defaults = {"slug": f"tech-{n}", "name": f"Technology {n}", "publication_status": PUBLISHED}
    return Technology.objects.create(**{**defaults, **fields})


def agency(**fields) -> Agency:
    n = _n()
    defaults = {
        "slug": f"agency-{n}",
        "name": f"Agency {n}",
        "kind": "agency",
        "country": "US",
        "publication_status": PUBLISHED,
    }
    return Agency.objects.create(**{**defaults, **fields})


def agreement(**fields) -> Agreement:
    n = _n()
    defaults = {
        "slug": f"agreement-{n}",
        "name": f"Agreement {n}",
        "kind": "mou",
        "status": "signed",
        "publication_status": PUBLISHED,
    }
    return Agreement.objects.create(**{**defaults, **fields})


def event(**fields) -> Event:
    n = _n()
    defaults = {
        "slug": f"event-{n}",
        "name": f"Event {n}",
        "kind": "meeting",
        "date": datetime.date(2023, 5, 1),
        "date_precision": "month",
        "publication_status": PUBLISHED,
    }
    return Event.objects.create(**{**defaults, **fields})


def cite(target, src: Source | None = None, quote: str | None = None) -> Citation:
    src = src or source()
    if quote is None:
        quote = src.text.split("\n\n")[-1]
    return Citation.objects.create(source=src, quote=quote, **{target._meta.model_name: target})
