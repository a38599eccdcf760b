from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import normalize_newlines

QUOTE_MAX_LENGTH = 600  # keeps the quote inside a btree index entry on PostgreSQL
CITABLE = ("agreement", "agency", "technology", "event")
# Fields of an entry that are bookkeeping, not facts a source could support.
NOT_CITABLE_FIELDS = {"id", "slug", "publication_status", "created_at", "updated_at", "note"}


def citable_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """(name, label) of the fields of `model` a citation may support, in form order."""
    return [
        (f.name, str(f.verbose_name))
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.name not in NOT_CITABLE_FIELDS
    ]


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, source_slug: str, target_type: str, target_slug: str, quote: str):
        if target_type not in CITABLE:
            raise self.model.DoesNotExist(f"unknown cited type {target_type!r}")
        # Through the entries' own natural keys, which follow a renamed slug.
        source_model = self.model._meta.get_field("source").related_model
        target_model = self.model._meta.get_field(target_type).related_model
        try:
            source = source_model._default_manager.get_by_natural_key(source_slug)
            target = target_model._default_manager.get_by_natural_key(target_slug)
        except (source_model.DoesNotExist, target_model.DoesNotExist):
            raise self.model.DoesNotExist(
                f"no citation of {target_type} {target_slug!r} in {source_slug!r}"
            ) from None
        return self.get(source=source, **{target_type: target}, quote=quote)


class Citation(models.Model):
    """A verbatim passage of a source that supports an entity (or one of its fields)."""

    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,  # a cited source cannot be deleted out from under its facts
        related_name="citations",
    )
    agreement = models.ForeignKey(
        "Agreement", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    agency = models.ForeignKey(
        "Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    technology = models.ForeignKey(
        "Technology", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    field = models.CharField(
        max_length=50, blank=True, help_text="The field the quote supports; empty for the entry."
    )
    quote = models.CharField(
        max_length=QUOTE_MAX_LENGTH, help_text="Verbatim from the source's text."
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "pk"]
        constraints = [
            models.CheckConstraint(
                name="citation_exactly_one_target",
                condition=(
                    models.Q(
                        agreement__isnull=False,
                        agency__isnull=True,
                        technology__isnull=True,
                        event__isnull=True,
                    )
                    | models.Q(
                        agreement__isnull=True,
                        agency__isnull=False,
                        technology__isnull=True,
                        event__isnull=True,
                    )
                    | models.Q(
                        agreement__isnull=True,
                        agency__isnull=True,
                        technology__isnull=False,
                        event__isnull=True,
                    )
                    | models.Q(
                        agreement__isnull=True,
                        agency__isnull=True,
                        technology__isnull=True,
                        event__isnull=False,
                    )
                ),
                violation_error_message="A citation supports exactly one entry.",
            ),
            models.CheckConstraint(name="citation_quote_not_empty", condition=~models.Q(quote="")),
            *[
                # One quote cites an entry once; these also serve "citations of X".
                models.UniqueConstraint(
                    fields=[target, "source", "quote"],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"citation_unique_{target}",
                )
                for target in CITABLE
            ],
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: “{self.quote[:60]}”"

    def get_absolute_url(self) -> str:
        return f"{self.source.get_absolute_url()}#citation-{self.pk}"

    @property
    def field_label(self) -> str:
        """The supported field as readers say it: "signed_on" → "signed on"."""
        return self.field.replace("_", " ")

    @property
    def target_type(self) -> str:
        return next((name for name in CITABLE if getattr(self, f"{name}_id")), "")

    @property
    def target(self):
        return getattr(self, self.target_type) if self.target_type else None

    def natural_key(self) -> tuple[str, str, str, str]:
        # Tolerates an incomplete citation, so a malformed fixture reaches clean()
        # and gets a message naming the problem instead of an AttributeError.
        source_slug = self.source.slug if self.source_id else ""
        target = self.target
        return (source_slug, self.target_type, target.slug if target else "", self.quote)

    natural_key.dependencies = [
        "cooperation.source",
        "cooperation.agreement",
        "cooperation.agency",
        "cooperation.technology",
        "cooperation.event",
    ]

    def clean(self) -> None:
        targets = [name for name in CITABLE if getattr(self, f"{name}_id")]
        if len(targets) != 1:
            raise ValidationError(
                "A citation supports exactly one entry: choose one agreement, agency, "
                "technology or event."
            )
        target = targets[0]
        if self.field:
            model = self._meta.get_field(target).related_model
            names = [name for name, _label in citable_fields(model)]
            if self.field not in names:
                raise ValidationError(
                    {
                        "field": f"{model._meta.verbose_name.capitalize()} has no field "
                        f"“{self.field}”. Choose one of: {', '.join(names)}, or leave it "
                        "empty for the entry as a whole."
                    }
                )
        self.quote = normalize_newlines(self.quote or "").strip()
        if self.source_id and self.quote and self.quote not in self.source.text:
            raise ValidationError(
                {"quote": "This quote is not found verbatim in the source’s text."}
            )
