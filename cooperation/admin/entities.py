"""Admin of the cited entities: agencies, technologies, agreements, events, and citations."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from reversion import is_active, set_comment

from ..models import CITABLE, Agency, Agreement, Citation, Event, Evidence, Technology
from .base import ContentAdmin, add_to_revision_if_active, links_list
from .curating import CitationInline, CuratingMixin
from .forms import CitationForm, LinesField, TechnologyForm
from .versions import HistoryAdmin

STATUS_FIELDSET = (
    "Publication",
    {
        "fields": ["publication_status", "loaded_version"],
        "description": (
            "New entries are drafts. Once saved, publish with the Publish button at the top "
            "of the page."
        ),
    },
)


# Issue 15: every entry has a Japanese name; ticked "official" needs a citation of name_ja.
JAPANESE_FIELDSET = (
    "日本語 (Japanese)",
    {
        "fields": ["name_ja", "name_ja_official", "aliases_ja"],
        "description": (
            "The official Japanese name where a Japanese page uses one (tick “official” and "
            "cite it on name_ja); otherwise our translation. One alias per line."
        ),
    },
)


class HasParentFilter(admin.SimpleListFilter):
    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("top", "Top level"), ("child", "Under a parent")]

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() == "child":
            return queryset.filter(parent__isnull=False)
        return queryset


class EntityAdmin(CuratingMixin, ContentAdmin):
    inlines = [CitationInline]
    citation_inline = CitationInline
    formfield_overrides = {
        **ContentAdmin.formfield_overrides,
        models.JSONField: {"form_class": LinesField},
    }
    prepopulated_fields = {"slug": ["name"]}

    def get_object(self, request, object_id, from_field=None):
        """The entry with its relations and citations, read once.

        The change form shows them, the citations inline edits them and the revision's
        snapshot of the saved entry (django-reversion) serializes them again: from one
        prefetch. On a POST the row is locked for the rest of the transaction, which is
        what the stale-form check needs (VersionCheckedForm).
        """
        queryset = self.get_queryset(request).prefetch_related(
            *(f.name for f in self.model._meta.many_to_many),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )
        locked = request.method == "POST" and transaction.get_connection().in_atomic_block
        if locked:
            queryset = queryset.select_for_update()
        field = (
            self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        )
        try:
            obj = queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None
        obj._locked_for_update = locked
        return obj


@admin.register(Agency)
class AgencyAdmin(EntityAdmin):
    list_display = ["name", "acronym", "country", "kind", "parent", "publication_status"]
    list_filter = ["publication_status", "country", "kind", HasParentFilter]
    list_select_related = ["parent"]
    search_fields = ["name", "name_ja", "acronym", "aliases", "aliases_ja", "description"]
    autocomplete_search_fields = ["name", "name_ja", "acronym", "aliases", "aliases_ja"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["children_list", "agreements_list", "events_list"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "acronym", "aliases", "country", "kind", "parent"]}),
        JAPANESE_FIELDSET,
        (None, {"fields": ["description", "note"]}),
        STATUS_FIELDSET,
        (
            "Related entries (edited on their own pages)",
            {"fields": ["children_list", "agreements_list", "events_list"]},
        ),
    ]

    @admin.display(description="Sub-agencies")
    def children_list(self, obj):
        return links_list(obj.children.all()) if obj.pk else "—"

    @admin.display(description="Party to agreements")
    def agreements_list(self, obj):
        return links_list(obj.agreements.all()) if obj.pk else "—"

    @admin.display(description="Took part in events")
    def events_list(self, obj):
        return links_list(obj.events.all()) if obj.pk else "—"


@admin.register(Technology)
class TechnologyAdmin(EntityAdmin):
    list_display = ["name", "parent", "publication_status"]
    list_filter = ["publication_status", HasParentFilter]
    list_select_related = ["parent"]
    search_fields = ["name", "name_ja", "aliases", "aliases_ja", "description"]
    autocomplete_search_fields = ["name", "name_ja", "aliases", "aliases_ja"]
    autocomplete_fields = ["parent", "also_under"]
    form = TechnologyForm
    readonly_fields = ["children_list", "agreements_list", "events_list"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "aliases", "parent", "also_under", "description", "note"]},
        ),
        JAPANESE_FIELDSET,
        (
            "Coverage",
            {"fields": ["coverage_note"], "classes": ["collapse"]},
        ),
        STATUS_FIELDSET,
        (
            "Related entries (edited on their own pages)",
            {"fields": ["children_list", "agreements_list", "events_list"]},
        ),
    ]

    @admin.display(description="Sub-areas")
    def children_list(self, obj):
        # The areas filed primarily elsewhere too: editing this one moves them as well.
        return links_list(Technology.objects.directly_under(obj)) if obj.pk else "—"

    @admin.display(description="Covered by agreements")
    def agreements_list(self, obj):
        return links_list(obj.agreements.all()) if obj.pk else "—"

    @admin.display(description="Events")
    def events_list(self, obj):
        return links_list(obj.events.all()) if obj.pk else "—"


@admin.register(Agreement)
class AgreementAdmin(EntityAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "status",
        "legally_binding",
        "signed",
        "publication_status",
    ]
    list_filter = ["publication_status", "kind", "status", "legally_binding"]
    search_fields = ["name", "name_ja", "acronym", "summary"]
    autocomplete_search_fields = ["name", "name_ja", "acronym"]
    autocomplete_fields = ["parties", "technologies", "builds_on"]
    readonly_fields = ["built_upon_by_list", "events_list"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "acronym", "kind", "status", "legally_binding"]}),
        JAPANESE_FIELDSET,
        (
            "Signed on",
            {
                "fields": [("signed_on", "signed_on_precision")],
                "description": "A date known to the month is the 1st; to the year, 1 January.",
            },
        ),
        (None, {"fields": ["parties", "technologies", "builds_on", "summary", "note"]}),
        STATUS_FIELDSET,
        (
            "Related entries (edited on their own pages)",
            {"fields": ["built_upon_by_list", "events_list"]},
        ),
    ]

    @admin.display(description="signed", ordering="signed_on")
    def signed(self, obj):
        return obj.signed_on_display

    @admin.display(description="Built upon by")
    def built_upon_by_list(self, obj):
        return links_list(obj.built_upon_by.all()) if obj.pk else "—"

    @admin.display(description="Events")
    def events_list(self, obj):
        return links_list(obj.events.all()) if obj.pk else "—"


@admin.register(Event)
class EventAdmin(EntityAdmin):
    list_display = ["name", "kind", "when", "location", "publication_status"]
    list_filter = ["publication_status", "kind", "date_precision"]
    search_fields = ["name", "name_ja", "location", "summary"]
    autocomplete_search_fields = ["name", "name_ja"]
    autocomplete_fields = ["participants", "technologies", "agreements"]
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind"]}),
        JAPANESE_FIELDSET,
        (
            "Date",
            {
                "fields": [("date", "date_precision")],
                "description": "A date known to the month is the 1st; to the year, 1 January.",
            },
        ),
        (
            None,
            {"fields": ["location", "participants", "technologies", "agreements", "summary"]},
        ),
        (None, {"fields": ["note"]}),
        STATUS_FIELDSET,
    ]

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return obj.date_display


class CitedTypeFilter(admin.SimpleListFilter):
    title = "cited kind of entry"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [
            (name, Citation._meta.get_field(name).related_model._meta.verbose_name)
            for name in CITABLE
        ]

    def queryset(self, request, queryset):
        if self.value() in CITABLE:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class EvidenceFilter(admin.SimpleListFilter):
    title = "evidence"
    parameter_name = "evidence"

    def lookups(self, request, model_admin):
        return Evidence.choices

    def queryset(self, request, queryset):
        if self.value() == Evidence.QUOTED:
            return queryset.filter(source__isnull=False)
        if self.value() == Evidence.REFERENCED:
            return queryset.filter(reference__isnull=False)
        return queryset


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    form = CitationForm
    list_display = [
        "short_quote",
        "evidence_tier",
        "evidence_of",
        "cited_type",
        "cited_entry",
        "field",
    ]
    list_filter = [CitedTypeFilter, EvidenceFilter, "source"]
    list_select_related = ["source", "reference", "agreement", "agency", "technology", "event"]
    search_fields = [
        "quote",
        "claim",
        "source__title",
        "reference__title",
        "reference__publisher",
        "agreement__name",
        "agreement__acronym",
        "agency__name",
        "agency__acronym",
        "technology__name",
        "event__name",
    ]
    autocomplete_fields = ["source", "reference", "agreement", "agency", "technology", "event"]
    show_facets = admin.ShowFacets.ALWAYS

    # A citation's change belongs to its entry's history too: the entry's snapshot
    # (which follows its citations) is saved in the same revision.

    def save_model(self, request, obj, form, change):
        old_target = None
        if change:
            old = Citation.objects.filter(pk=obj.pk).select_related(*CITABLE).first()
            old_target = old.target if old else None
        super().save_model(request, obj, form, change)
        add_to_revision_if_active(obj.target, old_target)

    def delete_model(self, request, obj):
        target = obj.target
        super().delete_model(request, obj)
        add_to_revision_if_active(target)
        if is_active():
            set_comment(f"Deleted citation “{(obj.quote or obj.claim)[:80]}”.")

    def delete_queryset(self, request, queryset):
        targets = [c.target for c in queryset.select_related(*CITABLE)]
        super().delete_queryset(request, queryset)
        add_to_revision_if_active(*targets)
        if is_active():
            set_comment(f"Deleted {len(targets)} citation{'s' if len(targets) != 1 else ''}.")

    @admin.display(description="quote or claim", ordering="quote")
    def short_quote(self, obj):
        text = obj.quote or obj.claim
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(description="evidence")
    def evidence_tier(self, obj):
        return obj.evidence_label

    @admin.display(description="source or reference")
    def evidence_of(self, obj):
        return str(obj.source or obj.reference or "")

    @admin.display(description="cites a")
    def cited_type(self, obj):
        return obj.target_type

    @admin.display(description="entry")
    def cited_entry(self, obj):
        return str(obj.target or "")
