"""Small builders for the pictures tests: `n` of everything, linked together."""

import datetime

from django.db import transaction

from cooperation.models import Agency, Agreement, Citation, Event, Source, Technology

PUBLISHED = "published"


def make_rows(n: int, prefix: str = "row") -> dict:
    """n published agreements, events, agencies and areas, each agreement and
    event linked to one area and one agency, plus one source citing them.

    Dates spread over n different years, so per-year groups grow with n too. Written
    in one transaction: one change set for the lot, as a bulk load writes.
    """
    with transaction.atomic():
        return _make_rows(n, prefix)


def _make_rows(n: int, prefix: str) -> dict:
    source = Source.objects.create(
        slug=f"{prefix}-source",
        title=f"{prefix} source",
        text="A text.",
        publication_status=PUBLISHED,
        published_on=datetime.date(2000, 1, 1),
        published_on_precision="year",
    )
    parent = Technology.objects.create(
        slug=f"{prefix}-area", name=f"{prefix} area", publication_status=PUBLISHED
    )
    rows = {
        "source": source,
        "parent": parent,
        "agreements": [],
        "events": [],
        "technologies": [],
        "agencies": [],
    }
    for i in range(n):
        tech = Technology.objects.create(
            slug=f"{prefix}-tech-{i}",
            name=f"{prefix} tech {i}",
            parent=parent,
            publication_status=PUBLISHED,
        )
        agency = Agency.objects.create(
            slug=f"{prefix}-agency-{i}",
            name=f"{prefix} agency {i}",
            kind="agency",
            country="JP",
            publication_status=PUBLISHED,
        )
        agreement = Agreement.objects.create(
            slug=f"{prefix}-agreement-{i}",
            name=f"{prefix} agreement {i}",
            kind="mou",
            signed_on=datetime.date(2000 + i, 1, 1),
            signed_on_precision="year",
            publication_status=PUBLISHED,
        )
        event = Event.objects.create(
            slug=f"{prefix}-event-{i}",
            name=f"{prefix} event {i}",
            kind="test" if i % 2 else "summit",
            date=datetime.date(2000 + i, 3, 1),
            date_precision="month",
            publication_status=PUBLISHED,
        )
        agreement.technologies.add(tech, parent)
        agreement.parties.add(agency)
        event.technologies.add(tech, parent)
        event.participants.add(agency)
        event.agreements.add(agreement)
        Citation.objects.create(source=source, agreement=agreement, quote="A text.")
        Citation.objects.create(source=source, event=event, quote="A text.")
        rows["agreements"].append(agreement)
        rows["events"].append(event)
        rows["technologies"].append(tech)
        rows["agencies"].append(agency)
    return rows
