"""Agencies and technology areas: the two hierarchies entries are filed under."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from ..naming import name_with_acronym
from .common import (
    Entity,
    JapaneseName,
    clean_aliases,
    published_newest_index,
    validate_no_cycle,
)
from .querysets import AgencyQuerySet, TechnologyQuerySet
from .tree import Tree, ancestors


class Hierarchy(JapaneseName, Entity):
    """An entity with a parent of its own kind and search aliases."""

    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names, acronyms and spellings people search by."
    )
    note = models.TextField(blank=True, help_text="How anything inferred was inferred.")

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        self.aliases = clean_aliases(self.aliases)
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "An entry cannot be its own parent or ancestor."})
        validate_no_cycle(self)

    def save(self, *args, **kwargs) -> None:
        # The database can only refuse a direct self-reference; deeper cycles
        # are refused here so no code path can store one.
        validate_no_cycle(self)
        super().save(*args, **kwargs)

    @property
    def ancestors(self) -> list:
        return ancestors(self)


class Country(models.TextChoices):
    """The countries the sources name (ISO 3166-1 alpha-2). Extend as new sources need."""

    US = "US", "United States"
    JP = "JP", "Japan"
    AU = "AU", "Australia"
    CA = "CA", "Canada"
    CN = "CN", "China"
    DE = "DE", "Germany"
    FR = "FR", "France"
    GB = "GB", "United Kingdom"
    IN = "IN", "India"
    IT = "IT", "Italy"
    KP = "KP", "North Korea"
    KR = "KR", "South Korea"
    NL = "NL", "Netherlands"
    NZ = "NZ", "New Zealand"
    PH = "PH", "Philippines"
    RU = "RU", "Russia"
    SG = "SG", "Singapore"
    TW = "TW", "Taiwan"
    UA = "UA", "Ukraine"


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", "Government department or ministry"
    AGENCY = "agency", "Government agency"
    MILITARY = "military", "Military"
    LEGISLATURE = "legislature", "Legislature"
    COMPANY = "company", "Company"
    RESEARCH = "research", "Research institute or think tank"
    UNIVERSITY = "university", "University"
    INTERNATIONAL = "international", "International organisation"
    COMMITTEE = "committee", "Committee or dialogue"
    OTHER = "other", "Other"


class Agency(Hierarchy):
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    country = models.CharField(
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text="ISO 3166 alpha-2; empty for international bodies.",
    )
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    objects = AgencyQuerySet.as_manager()

    detail_url_name = "cooperation:agency-detail"

    class Meta:
        # Curators publish explicitly (admin actions); see migration 0003_curators.
        permissions = [("publish_agency", "Can publish and unpublish agencies")]
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="agency_not_own_parent",
                condition=~models.Q(parent=models.F("pk")),
                violation_error_message="An agency cannot be its own parent.",
            ),
        ]
        indexes = [
            # The agencies list filters by country and kind.
            models.Index(fields=["country", "kind"], name="agency_country_kind_idx"),
            published_newest_index("agency"),
        ]

    def __str__(self) -> str:
        return name_with_acronym(self.name, self.acronym)


class Technology(Hierarchy):
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # An area may belong to more than one broader area (issue 18: hypersonic defense is
    # hypersonics and air and missile defense). The outline shows it once, under `parent`;
    # filters, facet counts and area pages follow these edges too (models/tree.py).
    also_under = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="also_children",
        blank=True,
        verbose_name="also under",
        help_text="Other broader areas this one belongs to, besides its parent. Agreements "
        "filed here show under each of them and are counted once.",
    )
    description = models.TextField(blank=True)
    coverage_note = models.TextField(
        blank=True,
        help_text="For a top-level area with fewer than 3 agreements: why the record holds "
        "so few. Shown on the coverage page.",
    )

    objects = TechnologyQuerySet.as_manager()

    detail_url_name = "cooperation:technology-detail"

    class Meta:
        # Curators publish explicitly (admin actions); see migration 0003_curators.
        permissions = [("publish_technology", "Can publish and unpublish technologies")]
        verbose_name_plural = "technologies"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="technology_not_own_parent",
                condition=~models.Q(parent=models.F("pk")),
                violation_error_message="A technology area cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_parents(self, parent_id: int | None, also_under: Iterable) -> None:
        """Refuse extra parents that make no sense or would make the tree loop.

        Model.clean() cannot see a many-to-many value (it is set after the save), so
        the admin form and the fixture loader call this with the values they are
        about to store. A loop through an extra parent would put an area below itself:
        its agreements would count under areas they are not in.
        """
        extra = {area.pk: area for area in also_under}
        problems = [f"“{self}” cannot be filed under itself."] if self.pk in extra else []
        if parent_id in extra:
            problems.append(f"“{extra[parent_id]}” is already its parent; list only the others.")
        tree = Tree.technologies(published=False) if self.pk else Tree({})
        below = tree.descendants([self.pk]) - {self.pk}
        problems += [
            f"“{area}” is filed below “{self}”: being under it too would make a loop."
            for pk, area in extra.items()
            if pk in below
        ]
        errors = {"also_under": problems} if problems else {}
        # A loop through parents alone is clean()'s to report (validate_no_cycle).
        if parent_id in below - Tree(tree.parents).descendants([self.pk]):
            errors["parent"] = [
                "That area is below this one through an “also under” link: "
                "filing this one under it would make a loop."
            ]
        if errors:
            raise ValidationError(errors)

    def clean_relations(self) -> None:
        """validate_parents() on the stored values (the fixture loader, after the save)."""
        self.validate_parents(self.parent_id, self.also_under.all())
