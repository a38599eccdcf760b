"""References: documents the knowledge base cites without holding their text (issue 14).

A fact stands on one of two tiers of evidence. *Quoted*: a verbatim passage of a
`Source` whose text we hold, checked by machine. *Referenced*: a `Reference` to an
official release, treaty record, report or article identified by publisher, title,
date and address, with the fact stated in our own words as the citation's claim.
When a curator pastes a reference's text as a source, its citations can be upgraded
to quotes (cooperation/admin/references.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .common import (
    DatePrecision,
    FuzzyDateText,
    fuzzy_date_constraint,
    validate_fuzzy_date,
)
from .load_index import indexed_pk, knows_every_key, remember


class Evidence(models.TextChoices):
    QUOTED = "quoted", "Quoted"
    REFERENCED = "referenced", "Referenced"


class Language(models.TextChoices):
    EN = "en", "English"
    JA = "ja", "Japanese"


class ReferenceQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        # During a fixture load, without a query (cooperation/models/common.py).
        slugs = self.model._default_manager.values_list("slug", "pk")
        if (pk := indexed_pk(self.model, slug, lambda: dict(slugs))) is not None:
            return self.model(pk=pk, slug=slug)
        if knows_every_key(self.model):
            raise self.model.DoesNotExist(f"no reference {slug!r}")
        reference = self.get(slug=slug)
        remember(self.model, slug, reference.pk)
        return reference

    def without_held_source(self):
        """The curators' work queue: references whose text no source holds yet."""
        return self.filter(source__isnull=True)


class Reference(models.Model):
    """A document we cite by publisher, title, date and URL, without holding its text."""

    slug = models.SlugField(
        max_length=120, unique=True, help_text="The key fixtures and citations name it by."
    )
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True
    )
    url = models.URLField(max_length=1000, help_text="Where the document is published.")
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    note = models.TextField(blank=True, help_text="How it was read; what rests on it alone.")
    source = models.ForeignKey(
        "Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="references",
        help_text="The source holding this document's text, once a curator has pasted it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            fuzzy_date_constraint("published_on", "reference_published_on_precision"),
            models.CheckConstraint(
                name="reference_url_http",
                condition=models.Q(url__startswith="http://")
                | models.Q(url__startswith="https://"),
                violation_error_message="A reference's URL starts with http:// or https://.",
            ),
            models.CheckConstraint(
                name="reference_identified",
                condition=~models.Q(publisher="") & ~models.Q(title=""),
                violation_error_message="A reference names its publisher and title.",
            ),
        ]
        indexes = [
            # The admin matches a pasted source to its reference by URL.
            models.Index(fields=["url"], name="reference_url_idx"),
        ]

    def __str__(self) -> str:
        date = self.published_on_display
        return f"{self.publisher}, “{self.title}”" + (f" ({date})" if date else "")

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["cooperation.source"]

    published_on_display = FuzzyDateText("published_on")
    # "2023-01-12", "2023-01" or "2023": a <time datetime> no more precise than known.
    published_on_iso = FuzzyDateText("published_on", "iso")

    def clean(self) -> None:
        validate_fuzzy_date(self, "published_on")
        if self.url and not self.url.lower().startswith(("http://", "https://")):
            raise ValidationError({"url": "Give an http:// or https:// address."})
