"""Pieces every public entity shares: publication workflow, timestamps, fuzzy dates."""

import datetime
import functools

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from ..naming import slug_url
from .load_index import indexed_pk, knows_every_key, remember
from .tree import is_own_ancestor


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def format_fuzzy_date(value: datetime.date | None, precision: str, style: str = "human") -> str:
    """Render a date only as precisely as it is known.

    style="human" gives "12 January 2023", "January 2023" or "1988", and on a page in
    Japanese "2023年1月12日", "2023年1月" or "1988年" (the active language decides);
    style="iso" gives "2023-01-12", "2023-01" or "1988".
    """
    if value is None:
        return ""
    if style == "iso":
        formats = {DatePrecision.DAY: "%Y-%m-%d", DatePrecision.MONTH: "%Y-%m"}
        return value.strftime(formats.get(precision, "%Y"))
    if translation.get_language() == "ja":
        if precision == DatePrecision.DAY:
            return f"{value.year}年{value.month}月{value.day}日"
        if precision == DatePrecision.MONTH:
            return f"{value.year}年{value.month}月"
        return f"{value.year}年"
    if precision == DatePrecision.DAY:
        return f"{value.day} {value:%B %Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%B %Y}"
    return f"{value:%Y}"


class FuzzyDateText:
    """A date field as text, only as precise as it is known: `format_fuzzy_date` as an
    attribute (`signed_on_display = FuzzyDateText("signed_on")`)."""

    def __init__(self, date_field: str, style: str = "human"):
        self.date_field, self.style = date_field, style

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.date_field)
        return format_fuzzy_date(
            value, getattr(instance, f"{self.date_field}_precision"), self.style
        )


def published_newest_index(kind: str) -> models.Index:
    """The published rows, newest first: the home page's counts (an index-only count,
    not a scan of 100,000 articles) and its latest additions (the first eight).

    The status is the index's last column, not a partial index's condition nor its
    first column. SQLite proves a partial index's condition only from a literal, and
    Django binds 'published' as a parameter, so it read every row to check it (435 ms
    against 13 ms for the 100,000 articles of the benchmark). Led by the status, the
    index looked selective to SQLite's planner, which has no statistics: it drove the
    list facets' joins from it (the agencies facet went from 158 ms to 1.2 s)."""
    return models.Index(
        fields=["-created_at", "-id", "publication_status"],
        name=f"{kind}_newest_status_idx",
    )


def fuzzy_date_constraint(date_field: str, name: str) -> models.CheckConstraint:
    """A date is stored at its precision: month precision means day 1, year means 1 January.

    A missing date has no precision, and a present one must have one.
    """
    precision_field = f"{date_field}_precision"
    return models.CheckConstraint(
        name=name,
        condition=(
            models.Q(**{f"{date_field}__isnull": True, precision_field: ""})
            | models.Q(**{f"{date_field}__isnull": False, precision_field: DatePrecision.DAY})
            | models.Q(
                **{
                    f"{date_field}__isnull": False,
                    precision_field: DatePrecision.MONTH,
                    f"{date_field}__day": 1,
                }
            )
            | models.Q(
                **{
                    f"{date_field}__isnull": False,
                    precision_field: DatePrecision.YEAR,
                    f"{date_field}__day": 1,
                    f"{date_field}__month": 1,
                }
            )
        ),
        violation_error_message="The date does not agree with its precision.",
    )


def validate_fuzzy_date(instance: models.Model, date_field: str) -> None:
    """Model.clean() half of fuzzy_date_constraint, with errors that name the field."""
    value = getattr(instance, date_field)
    precision_field = f"{date_field}_precision"
    precision = getattr(instance, precision_field)
    if value is None:
        if precision:
            raise ValidationError({date_field: "Give a date, or clear its precision."})
        return
    if not precision:
        raise ValidationError({precision_field: "Say how precise the date is."})
    if precision == DatePrecision.MONTH and value.day != 1:
        raise ValidationError(
            {date_field: "A date known to the month is stored as the 1st of that month."}
        )
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        raise ValidationError(
            {date_field: "A date known to the year is stored as 1 January of that year."}
        )


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def get_by_natural_key(self, slug: str):
        """The entry with this slug, or the one a curator renamed from it.

        Fixtures name entries by slug; after a rename in the admin the old slug lives on
        in the slug history, so a reload finds the renamed entry instead of creating a
        second one. During a fixture load (load_index) the entry comes back holding only
        its key: what a deserializer needs of a reference.
        """
        if (pk := indexed_pk(self.model, slug, self._slugs_and_old_slugs)) is not None:
            return self.model(pk=pk, slug=slug)
        if knows_every_key(self.model):
            raise self.model.DoesNotExist(f"no {self.model._meta.verbose_name} {slug!r}")
        try:
            entry = self.get(slug=slug)
            remember(self.model, slug, entry.pk)
            return entry
        except self.model.DoesNotExist:
            redirect = apps.get_model("cooperation", "SlugRedirect")
            moved = (
                redirect.objects.filter(entity_type=self.model._meta.model_name, old_slug=slug)
                .values_list("object_id", flat=True)
                .first()
            )
            if moved is None:
                raise
            return self.get(pk=moved)

    def _slugs_and_old_slugs(self) -> dict[str, int]:
        """Every slug of the model, its entries' old ones too, for a load's index."""
        redirect = apps.get_model("cooperation", "SlugRedirect")
        moved = redirect.objects.filter(entity_type=self.model._meta.model_name)
        return {
            **dict(moved.values_list("old_slug", "object_id")),
            **dict(self.model._default_manager.values_list("slug", "pk")),
        }


# Fields whose change shows in *other* entries' index text or filter tags (their
# names, their publication): the change pipeline (cooperation/changes.py) re-indexes
# those entries too, and a changed slug goes to the slug history.
# (name_ja: the Japanese search text of an entry holds its neighbours' Japanese names.)
NAMED_FIELDS = ("slug", "name", "acronym", "title", "publication_status", "parent_id", "name_ja")


@functools.cache
def named_fields(model: type[models.Model]) -> tuple[str, ...]:
    attnames = {f.attname for f in model._meta.concrete_fields}
    return tuple(name for name in NAMED_FIELDS if name in attnames)


def remember_stored(instance: models.Model) -> None:
    """Keep the named fields as stored, so a save can tell what changed without a query.

    Only when all of them were read: a row read with .only() is read again on save.
    """
    loaded = instance.__dict__
    names = named_fields(type(instance))
    if all(name in loaded for name in names):
        instance._stored = {name: loaded[name] for name in names}
    else:
        instance.__dict__.pop("_stored", None)


class Entity(models.Model):
    """Abstract base of every public entity: slug permalink, workflow and timestamps."""

    slug = models.SlugField(max_length=120, unique=True)
    publication_status = models.CharField(
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text="Drafts are visible to staff only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    # The URL name of the entity page, e.g. "cooperation:agency-detail".
    detail_url_name: str = ""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return slug_url(self.detail_url_name, self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        remember_stored(instance)
        return instance

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED


class JapaneseName(models.Model):
    """The Japanese name every agency, agreement, technology area and event carries.

    Official where the body or a Japanese ministry publishes one (a citation of the
    `name_ja` field shows where), otherwise our translation, and said so on the page.
    """

    name_ja = models.CharField(
        "Japanese name",
        max_length=300,
        blank=True,
        help_text="The official Japanese name where one is published, else our translation.",
    )
    name_ja_official = models.BooleanField(
        "official Japanese name",
        default=False,
        help_text="Ticked when a Japanese official page uses this name: cite it on name_ja. "
        "Unticked, the name is our translation.",
    )
    aliases_ja = models.JSONField(
        "Japanese aliases",
        default=list,
        blank=True,
        help_text="Short forms and older names people search by in Japanese (防衛省, 装備庁…).",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        self.name_ja = self.name_ja.strip()
        self.aliases_ja = clean_aliases(self.aliases_ja, "aliases_ja")
        if self.name_ja_official and not self.name_ja:
            raise ValidationError(
                {"name_ja_official": "An official Japanese name needs the name itself."}
            )


def validate_no_cycle(instance: models.Model) -> None:
    """No node may be its own ancestor."""
    if is_own_ancestor(instance):
        raise ValidationError({"parent": "An entry cannot be its own parent or ancestor."})


def clean_aliases(values, field: str = "aliases") -> list[str]:
    if values in (None, ""):
        return []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: "Aliases must be a list of strings."})
    cleaned, seen = [], set()
    for value in (v.strip() for v in values):
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            cleaned.append(value)
    return cleaned
