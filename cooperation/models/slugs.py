"""Slug history: a renamed entry's old URL answers 301 to its new one.

Written after each commit by the change pipeline (cooperation/changes.py).
"""

from __future__ import annotations

from django.db import models


class SlugRedirect(models.Model):
    """An old slug of an entry, kept so shared permalinks keep working."""

    entity_type = models.CharField(max_length=20, help_text="Model name, e.g. 'agreement'.")
    old_slug = models.SlugField(max_length=120)
    object_id = models.BigIntegerField(help_text="Primary key of the entry it now points to.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entity_type", "old_slug"]
        constraints = [
            # One old slug points to one entry; also serves the lookup on a 404.
            models.UniqueConstraint(
                fields=["entity_type", "old_slug"], name="slugredirect_unique_old_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_type}/{self.old_slug} → #{self.object_id}"
