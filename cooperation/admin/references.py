"""References (issue 14): documents cited without their text, and their upgrade to quotes.

A reference whose text no source holds is work waiting for a curator: the list's
"held source" filter is that work queue. Once the document's text is pasted as a
source (linked here, or found by the same URL), the reference's page proposes each
of its citations for upgrade: the curator picks the passage, the verbatim check
applies, and the citation becomes a quote of the source.
"""

from __future__ import annotations

from django.contrib import admin

from ..models import Citation, Reference
from .versions import HistoryAdmin


class HeldSourceFilter(admin.SimpleListFilter):
    title = "held source"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("no", "Without a held source (work queue)"), ("yes", "With a held source")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.without_held_source()
        if self.value() == "yes":
            return queryset.filter(source__isnull=False)
        return queryset


class ReferenceCitationInline(admin.TabularInline):
    """What rests on the reference; each citation is edited on its entry's page."""

    model = Citation
    fields = ["cited", "claim", "locator", "field"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "claims resting on this reference"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agreement", "agency", "technology", "event")
        )

    @admin.display(description="cites")
    def cited(self, obj):
        return f"{obj.target_type}: {obj.target}"


@admin.register(Reference)
class ReferenceAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "published_on", "language", "source"]
    list_filter = [HeldSourceFilter, "language", "publisher"]
    list_select_related = ["source"]
    search_fields = ["title", "publisher", "url", "slug"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "url", "language"]}),
        (None, {"fields": ["published_on", "published_on_precision", "note"]}),
        (
            "Held text",
            {
                "fields": ["source"],
                "description": "Once the document's text is pasted as a source, link it "
                "here to upgrade this reference's claims to quotes.",
            },
        ),
    ]
