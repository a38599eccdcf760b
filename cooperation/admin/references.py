"""References (issue 14): documents cited without their text, and their upgrade to quotes.

A reference whose text no source holds is work waiting for a curator: the list's
"held source" filter is that work queue. Once the document's text is pasted as a
source (linked here, or found by the same URL), the reference's page proposes each
of its citations for upgrade: the curator picks the passage, the verbatim check
applies, and the citation becomes a quote of the source.
"""

from __future__ import annotations

import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..mentions import sentence_spans
from ..models import CITABLE, Citation, Reference, Source
from .base import add_to_revision_if_active
from .passages import PassageFormSet, Row
from .versions import HistoryAdmin

WORD = re.compile(r"\w+")


def held_source(reference: Reference) -> Source | None:
    """The source holding the reference's text: linked, or pasted with the same address."""
    if reference.source_id:
        return reference.source
    if not reference.url:
        return None
    return Source.objects.filter(original_url=reference.url).order_by("pk").first()


def suggested_passage(text: str, claim: str) -> str:
    """The sentence of the text sharing most words with the claim: a starting point only."""
    wanted = {w.casefold() for w in WORD.findall(claim) if len(w) > 3}
    best, best_score = "", 0
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        score = len(wanted & {w.casefold() for w in WORD.findall(sentence)})
        if score > best_score:
            best, best_score = sentence, score
    return best


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
    list_display = ["title", "publisher", "published_on", "language", "source", "n_citations"]
    list_filter = [HeldSourceFilter, "language", "publisher"]
    list_select_related = ["source"]
    search_fields = ["title", "publisher", "url", "slug"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceCitationInline]
    readonly_fields = ["upgrade_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "publisher", "url", "language"]}),
        (None, {"fields": ["published_on", "published_on_precision", "note"]}),
        (
            "Held text",
            {
                "fields": ["source", "upgrade_link"],
                "description": "Once the document's text is pasted as a source (Sources → "
                "Add), link it here, or give the source the same original address: the "
                "reference's claims can then be upgraded to quotes.",
            },
        ),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_n_citations=Count("citations"))

    @admin.display(description="claims", ordering="_n_citations")
    def n_citations(self, obj):
        return obj._n_citations

    @admin.display(description="upgrade to quotes")
    def upgrade_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        source = held_source(obj)
        if source is None:
            return "No held source yet: paste the document's text as a source first."
        return format_html(
            '<a href="{}">Turn the claims resting on it into quotes of “{}”</a>',
            reverse("admin:cooperation_reference_upgrade", args=[obj.pk]),
            source,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/upgrade/",
                self.admin_site.admin_view(self.upgrade_view),
                name="cooperation_reference_upgrade",
            ),
            *super().get_urls(),
        ]

    def upgrade_view(self, request, object_id):
        """Each referenced citation of the reference, proposed as a quote of its held source.

        The curator ticks the citations to upgrade and picks each passage (a suggestion is
        prefilled); every passage must be verbatim in the source's text, or nothing is saved.
        """
        if not request.user.has_perm("cooperation.change_citation"):
            raise PermissionDenied
        reference = self.get_object(request, unquote(object_id))
        if reference is None:
            raise Http404(f"No reference with id {object_id}")
        source = held_source(reference)
        if source is None:
            messages.error(
                request, "This reference has no held source: paste its text as a source first."
            )
            return HttpResponseRedirect(
                reverse("admin:cooperation_reference_change", args=[reference.pk])
            )
        citations = list(
            reference.citations.filter(source__isnull=True).select_related(*CITABLE).order_by("pk")
        )
        formset = PassageFormSet(
            source,
            {
                str(c.pk): Row(
                    f"{c.target_type}: {c.target} — “{c.claim}”",
                    suggested_passage(source.text, c.claim),
                )
                for c in citations
            },
            prefix="upgrade",
            data=request.POST if request.method == "POST" else None,
        )
        if formset.is_valid():
            chosen = formset.chosen()
            if not chosen:
                messages.error(request, "Tick at least one claim to upgrade.")
            else:
                upgraded = self._upgrade(request, reference, source, citations, chosen)
                if upgraded is not None:
                    self.message_user(
                        request,
                        f"Upgraded {upgraded} claim{'s' if upgraded != 1 else ''} to quotes of "
                        f"“{source}”.",
                        messages.SUCCESS,
                    )
                    if changes := formset.changes():
                        # Only unticked rows changed (or the post is refused): said, not lost.
                        messages.warning(request, f"While you were ticking: {changes}")
                    return HttpResponseRedirect(request.path)
                for form in formset.forms:
                    if form.cleaned_data["chosen"]:
                        form.add_error("quote", "This passage already cites the entry.")
        return self._upgrade_page(request, reference, source, citations, formset)

    def _upgrade_page(self, request, reference, source, citations, formset):
        page = formset.page_context()
        rows = [
            {"citation": c, "form": form}
            for c, form in zip(citations, page["formset"].forms, strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": reference,
            "reference": reference,
            "source": source,
            "title": f"Upgrade “{reference.title}” to quotes",
            "rows": rows,
            **page,
            "change_url": reverse("admin:cooperation_reference_change", args=[reference.pk]),
        }
        return TemplateResponse(
            request,
            "admin/cooperation/reference/upgrade.html",
            context,
            status=formset.status,
        )

    def _upgrade(self, request, reference, source, citations, passages) -> int | None:
        """Turn the chosen citations into quotes, all or none; None if one cannot be saved."""
        try:
            with transaction.atomic(), self.create_revision(request):
                if reference.source_id != source.pk:
                    reference.source = source
                    reference.save(update_fields=["source", "updated_at"])
                count = 0
                for citation in citations:
                    if str(citation.pk) not in passages:
                        continue
                    citation.source = source
                    citation.quote = passages[str(citation.pk)]
                    citation.reference = None
                    citation.claim = ""
                    citation.locator = ""
                    citation.full_clean()
                    citation.save()
                    add_to_revision_if_active(citation.target)
                    count += 1
                from reversion import set_comment

                set_comment(f"Upgraded {count} claims of “{reference.title}” to quotes.")
                return count
        except ValidationError:
            return None
