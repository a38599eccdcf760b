import functools
import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import normalize_newlines

from .load_index import indexed_pk, knows_every_key, related_row, remember

QUOTE_MAX_LENGTH = 600  # keeps the quote inside a btree index entry on PostgreSQL
QUOTED, REFERENCED = "quoted", "referenced"  # the two tiers of evidence (models.Evidence)
CITABLE = ("agreement", "agency", "technology", "event")
# Fields of an entry that are bookkeeping, not facts a source could support.
JAPANESE_NAME_FIELDS = ("name_ja", "name_ja_official", "aliases_ja")
NOT_CITABLE_FIELDS = {"id", "slug", "publication_status", "created_at", "updated_at", "note"}


def citable_fields(model: type[models.Model]) -> list[tuple[str, str]]:
    """(name, label) of the fields of `model` a citation may support, in form order:
    the name first, then its Japanese forms (declared first, by the mixin)."""
    fields = [
        (f.name, str(f.verbose_name))
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.name not in NOT_CITABLE_FIELDS
    ]
    japanese = [f for f in fields if f[0] in JAPANESE_NAME_FIELDS]
    rest = [f for f in fields if f[0] not in JAPANESE_NAME_FIELDS]
    return rest[:1] + japanese + rest[1:]


def index_key(source_id, reference_id, quote, claim, target_type, target_id) -> tuple:
    """A citation's key in a load's index: its evidence, entry and text, by ids."""
    if source_id:
        return ("source", source_id, target_type, target_id, quote)
    return ("reference", reference_id, target_type, target_id, claim)


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(
        self, evidence_slug: str, target_type: str, target_slug: str, text: str, tier: str = QUOTED
    ):
        """A quoted citation is (source, entry, quote); a referenced one (reference, entry,
        claim, "referenced"): the tier is last so the quoted key keeps its four parts."""
        if target_type not in CITABLE:
            raise self.model.DoesNotExist(f"unknown cited type {target_type!r}")
        evidence_field, text_field = (
            ("reference", "claim") if tier == REFERENCED else ("source", "quote")
        )
        # Through the entries' own natural keys, which follow a renamed slug.
        evidence_model = self.model._meta.get_field(evidence_field).related_model
        target_model = self.model._meta.get_field(target_type).related_model
        try:
            evidence = evidence_model._default_manager.get_by_natural_key(evidence_slug)
            target = target_model._default_manager.get_by_natural_key(target_slug)
        except (evidence_model.DoesNotExist, target_model.DoesNotExist):
            raise self.model.DoesNotExist(
                f"no citation of {target_type} {target_slug!r} in {evidence_slug!r}"
            ) from None
        # During a fixture load, without a query (cooperation/models/load_index.py).
        key = index_key(
            *(
                (evidence.pk, None, text, "")
                if evidence_field == "source"
                else (None, evidence.pk, "", text)
            ),
            target_type,
            target.pk,
        )
        if (pk := indexed_pk(self.model, key, self._natural_keys)) is not None:
            return self.model(pk=pk)
        if knows_every_key(self.model):
            raise self.model.DoesNotExist(f"no citation of {target_type} {target_slug!r}")
        citation = self.get(**{evidence_field: evidence, target_type: target, text_field: text})
        remember(self.model, key, citation.pk)
        return citation

    def _natural_keys(self) -> dict[tuple, int]:
        """Every citation's key as get_by_natural_key builds it, with ids for slugs."""
        keys = {}
        columns = ("pk", "source_id", "reference_id", "quote", "claim")
        for pk, source_id, reference_id, quote, claim, *targets in self.values_list(
            *columns, *(f"{name}_id" for name in CITABLE)
        ):
            for name, target_id in zip(CITABLE, targets, strict=True):
                if target_id is not None:
                    keys[index_key(source_id, reference_id, quote, claim, name, target_id)] = pk
        return keys

    def public(self):
        """Citations a reader may see: quotes of published sources, and every reference."""
        from .common import PublicationStatus

        return self.filter(
            models.Q(source__publication_status=PublicationStatus.PUBLISHED)
            | models.Q(reference__isnull=False)
        )


class Citation(models.Model):
    """What supports an entity (or one of its fields), on one of two tiers of evidence.

    Quoted: a verbatim passage (`quote`) of a source whose text we hold.
    Referenced: a document we do not hold (`reference`), the fact in our own words
    (`claim`) and where in the document it is (`locator`).
    """

    source = models.ForeignKey(
        "Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a cited source cannot be deleted out from under its facts
        related_name="citations",
    )
    reference = models.ForeignKey(
        "Reference",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # nor a cited reference
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
        max_length=QUOTE_MAX_LENGTH,
        blank=True,
        help_text="Verbatim from the source's text (quoted evidence).",
    )
    claim = models.CharField(
        max_length=QUOTE_MAX_LENGTH,
        blank=True,
        help_text="The fact the reference supports, in our own words (referenced evidence).",
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the reference: section, paragraph, page."
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "pk"]
        constraints = [
            models.CheckConstraint(
                name="citation_exactly_one_target",
                condition=functools.reduce(
                    operator.or_,
                    (
                        models.Q(**{f"{other}__isnull": other != target for other in CITABLE})
                        for target in CITABLE
                    ),
                ),
                violation_error_message="A citation supports exactly one entry.",
            ),
            models.CheckConstraint(
                name="citation_one_tier",
                condition=(
                    models.Q(source__isnull=False, reference__isnull=True)
                    & ~models.Q(quote="")
                    & models.Q(claim="", locator="")
                )
                | (
                    models.Q(source__isnull=True, reference__isnull=False, quote="")
                    & ~models.Q(claim="")
                ),
                violation_error_message="A citation quotes a source or states a claim of a "
                "reference, not both.",
            ),
            *[
                # One quote cites an entry once; these also serve "citations of X".
                models.UniqueConstraint(
                    fields=[target, "source", "quote"],
                    condition=models.Q(**{f"{target}__isnull": False, "source__isnull": False}),
                    name=f"citation_unique_{target}",
                )
                for target in CITABLE
            ],
            *[
                # One claim of a reference cites an entry once.
                models.UniqueConstraint(
                    fields=[target, "reference", "claim"],
                    condition=models.Q(**{f"{target}__isnull": False, "reference__isnull": False}),
                    name=f"citation_unique_{target}_claim",
                )
                for target in CITABLE
            ],
        ]
        indexes = [
            # "References without a held source" and a reference's citations in the admin.
            models.Index(fields=["reference"], name="citation_reference_idx"),
        ]

    def __str__(self) -> str:
        if self.evidence == REFERENCED:
            return f"{related_row(self, 'reference')} → {self.target}: {self.claim[:60]}"
        return f"{related_row(self, 'source')} → {self.target}: “{self.quote[:60]}”"

    def get_absolute_url(self) -> str:
        """A quote's place in its source's text; a reference's own address."""
        if self.evidence == REFERENCED:
            return self.reference.url
        return f"{self.source.get_absolute_url()}#citation-{self.pk}"

    @property
    def evidence(self) -> str:
        """The tier: "quoted" (a source we hold) or "referenced" (a document we cite)."""
        return REFERENCED if self.reference_id and not self.source_id else QUOTED

    @property
    def evidence_label(self) -> str:
        return "Quoted" if self.evidence == QUOTED else "Referenced"

    @property
    def field_label(self) -> str:
        """The supported field as readers say it: "signed_on" → "signed on"."""
        return self.field.replace("_", " ")

    @property
    def target_type(self) -> str:
        return next((name for name in CITABLE if getattr(self, f"{name}_id")), "")

    @property
    def target_id(self) -> int | None:
        return getattr(self, f"{self.target_type}_id") if self.target_type else None

    @property
    def target(self):
        return related_row(self, self.target_type) if self.target_type else None

    def index_key(self) -> tuple:
        return index_key(
            self.source_id,
            self.reference_id,
            self.quote,
            self.claim,
            self.target_type,
            self.target_id,
        )

    def natural_key(self) -> tuple[str, ...]:
        # Tolerates an incomplete citation, so a malformed fixture reaches clean()
        # and gets a message naming the problem instead of an AttributeError.
        target = self.target
        target_slug = target.slug if target else ""
        if self.reference_id and not self.source_id:
            reference = related_row(self, "reference")
            return (reference.slug, self.target_type, target_slug, self.claim, REFERENCED)
        source_slug = related_row(self, "source").slug if self.source_id else ""
        return (source_slug, self.target_type, target_slug, self.quote)

    natural_key.dependencies = [
        "cooperation.source",
        "cooperation.reference",
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
        self.claim = " ".join((self.claim or "").split())
        self.locator = (self.locator or "").strip()
        if bool(self.source_id) == bool(self.reference_id):
            raise ValidationError(
                "A citation quotes a source (quoted evidence) or cites a reference "
                "(referenced evidence): choose exactly one."
            )
        if self.reference_id:
            errors = {}
            if not self.claim:
                errors["claim"] = "State the fact the reference supports, in our own words."
            if self.quote:
                errors["quote"] = (
                    "A reference's text is not held, so nothing can be quoted from it: "
                    "paste it as a source first, then upgrade the citation."
                )
            if errors:
                raise ValidationError(errors)
            return
        if self.claim or self.locator:
            raise ValidationError(
                {
                    "claim": "A quoted citation's passage speaks for itself: leave claim and "
                    "locator empty."
                }
            )
        if not self.quote:
            raise ValidationError({"quote": "Give the passage of the source that is quoted."})
        if self.source_id and self.quote and self.quote not in related_row(self, "source").text:
            raise ValidationError(
                {"quote": "This quote is not found verbatim in the source’s text."}
            )
