from django.db import models

from .common import (
    DatePrecision,
    Entity,
    FuzzyDateText,
    fuzzy_date_constraint,
    published_newest_index,
    validate_fuzzy_date,
)
from .querysets import SourceQuerySet
from .references import Language


class Source(Entity):
    """An article the knowledge base was read from. Every fact cites one."""

    title = models.CharField(max_length=300)
    # The language of its text: a Japanese one is marked lang="ja" on its page (issue 15).
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    authors = models.JSONField(default=list, blank=True, help_text="A list of names.")
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True
    )
    original_url = models.URLField(max_length=500, blank=True)
    origin_file = models.CharField(
        max_length=200, blank=True, help_text="File name of the seeded document it came from."
    )
    summary = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="How anything inferred was inferred.")
    text = models.TextField(help_text="The cleaned article text that citations quote.")

    objects = SourceQuerySet.as_manager()

    detail_url_name = "cooperation:source-detail"

    class Meta:
        # Curators publish explicitly (admin actions); see migration 0003_curators.
        permissions = [("publish_source", "Can publish and unpublish sources")]
        ordering = ["-published_on", "title"]
        constraints = [fuzzy_date_constraint("published_on", "source_published_on_precision")]
        indexes = [
            # The sources list sorts and filters by date and publisher.
            models.Index(fields=["published_on"], name="source_published_on_idx"),
            models.Index(fields=["publisher"], name="source_publisher_idx"),
            published_newest_index("source"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        return self.title

    published_on_display = FuzzyDateText("published_on")
    # "2023-01-12", "2023-01" or "2023": a <time datetime> no more precise than known.
    published_on_iso = FuzzyDateText("published_on", "iso")

    def clean(self) -> None:
        validate_fuzzy_date(self, "published_on")
