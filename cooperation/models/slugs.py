"""Slug history: a renamed entry's old URL answers 301 to its new one."""

from __future__ import annotations

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .common import Entity


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


@receiver(pre_save, dispatch_uid="cooperation-slug-history")
def remember_old_slug(sender, instance, raw=False, **kwargs) -> None:
    if raw or not isinstance(instance, Entity) or instance.pk is None:
        return
    old = type(instance)._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    entity_type = instance._meta.model_name
    SlugRedirect.objects.update_or_create(
        entity_type=entity_type, old_slug=old, defaults={"object_id": instance.pk}
    )
    # The new slug is live again: a history row for it would never be used.
    SlugRedirect.objects.filter(entity_type=entity_type, old_slug=instance.slug).delete()
