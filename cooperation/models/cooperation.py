"""Agreements and events: what was agreed, and what happened."""

from django.db import models

from ..naming import name_with_acronym
from .common import (
    DatePrecision,
    Entity,
    FuzzyDateText,
    JapaneseName,
    fuzzy_date_constraint,
    published_newest_index,
    validate_fuzzy_date,
)
from .querysets import AgreementQuerySet, EventQuerySet


class AgreementKind(models.TextChoices):
    MOU = "mou", "Memorandum of understanding"
    ARRANGEMENT = "arrangement", "Arrangement"
    AGREEMENT = "agreement", "Agreement"
    JOINT_STATEMENT = "joint_statement", "Joint statement"
    JOINT_PROGRAMME = "joint_programme", "Joint research or development programme"
    FRAMEWORK = "framework", "Framework or initiative"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed or expected"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in_force", "In force"
    EXPIRED = "expired", "Expired"
    SUPERSEDED = "superseded", "Superseded"


class Agreement(JapaneseName, Entity):
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    status = models.CharField(
        max_length=12,
        choices=AgreementStatus.choices,
        blank=True,
        help_text="Empty when the sources do not say.",
    )
    legally_binding = models.BooleanField(
        null=True, blank=True, help_text="Empty when the sources do not say."
    )
    signed_on = models.DateField(null=True, blank=True)
    signed_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    parties = models.ManyToManyField("Agency", blank=True, related_name="agreements")
    technologies = models.ManyToManyField("Technology", blank=True, related_name="agreements")
    builds_on = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="built_upon_by",
        help_text="Agreements this one updates or builds on.",
    )
    summary = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="How anything inferred was inferred.")

    objects = AgreementQuerySet.as_manager()

    detail_url_name = "cooperation:agreement-detail"

    class Meta:
        # Curators publish explicitly (admin actions); see migration 0003_curators.
        permissions = [("publish_agreement", "Can publish and unpublish agreements")]
        ordering = ["name"]
        constraints = [fuzzy_date_constraint("signed_on", "agreement_signed_on_precision")]
        indexes = [
            # The agreements list filters by kind and status and sorts by date.
            models.Index(fields=["kind", "status"], name="agreement_kind_status_idx"),
            models.Index(fields=["signed_on"], name="agreement_signed_on_idx"),
            published_newest_index("agreement"),
        ]

    def __str__(self) -> str:
        return name_with_acronym(self.name, self.acronym)

    signed_on_display = FuzzyDateText("signed_on")
    # "2023-01-12", "2023-01" or "2023": a <time datetime> no more precise than known.
    signed_on_iso = FuzzyDateText("signed_on", "iso")

    def clean(self) -> None:
        super().clean()
        validate_fuzzy_date(self, "signed_on")


class EventKind(models.TextChoices):
    SUMMIT = "summit", "Summit"
    MINISTERIAL = "ministerial", "Ministerial meeting"
    MEETING = "meeting", "Working meeting"
    SIGNING = "signing", "Signing"
    DIALOGUE = "dialogue", "Dialogue"
    TEST = "test", "Test"
    FUNDING = "funding", "Funding decision"
    STRATEGY = "strategy", "Strategy or policy release"
    ANNOUNCEMENT = "announcement", "Announcement"
    OTHER = "other", "Other"


class Event(JapaneseName, Entity):
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    location = models.CharField(max_length=200, blank=True)
    participants = models.ManyToManyField("Agency", blank=True, related_name="events")
    technologies = models.ManyToManyField("Technology", blank=True, related_name="events")
    agreements = models.ManyToManyField("Agreement", blank=True, related_name="events")
    summary = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="How anything inferred was inferred.")

    objects = EventQuerySet.as_manager()

    detail_url_name = "cooperation:event-detail"

    class Meta:
        # Curators publish explicitly (admin actions); see migration 0003_curators.
        permissions = [("publish_event", "Can publish and unpublish events")]
        ordering = ["-date", "name"]
        constraints = [fuzzy_date_constraint("date", "event_date_precision")]
        indexes = [
            # The events list and timeline filter by kind and sort by date.
            models.Index(fields=["date"], name="event_date_idx"),
            models.Index(fields=["kind"], name="event_kind_idx"),
            published_newest_index("event"),
        ]

    def __str__(self) -> str:
        return self.name

    date_display = FuzzyDateText("date")
    # "2023-01-12", "2023-01" or "2023": a <time datetime> no more precise than known.
    date_iso = FuzzyDateText("date", "iso")

    def clean(self) -> None:
        super().clean()
        validate_fuzzy_date(self, "date")
