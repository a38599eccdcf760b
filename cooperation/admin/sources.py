"""Admin of sources, with the mentions page curators see after adding an article."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import normalize_newlines
from reversion import set_comment

from ..kinds import CITABLE
from ..mentions import MENTIONABLE, MentionIndex, find_mentions
from ..models import Citation, Reference, Source
from ..querystring import with_query
from .base import (
    ContentAdmin,
    add_to_revision_if_active,
    links_list,
)
from .curating import mentions_page_context, new_entry_query
from .entities import STATUS_FIELDSET
from .forms import LinesField, SourceForm
from .passages import PassageFormSet, Row, quote_error


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "published", "citation_count", "publication_status"]
    list_filter = ["publication_status", "language", "publisher", "published_on_precision"]
    search_fields = ["title", "publisher", "authors", "text"]
    autocomplete_search_fields = ["title", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {
        **ContentAdmin.formfield_overrides,
        models.JSONField: {"form_class": LinesField},
        models.URLField: {"assume_scheme": "https"},
    }
    readonly_fields = ["cited_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "authors", "publisher"]}),
        (
            "Published on",
            {
                "fields": [("published_on", "published_on_precision")],
                "description": "A date known to the month is the 1st; to the year, 1 January.",
            },
        ),
        (None, {"fields": ["original_url", "origin_file", "summary", "note", "language", "text"]}),
        STATUS_FIELDSET,
        ("Cited by (edit citations on the cited entries)", {"fields": ["cited_by"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            # The article is long; citations are quoted from it, so let it be read.
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 24})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_citations=Count("citations"))

    @admin.display(description="published", ordering="published_on")
    def published(self, obj):
        return obj.published_on_display

    @admin.display(description="citations", ordering="num_citations")
    def citation_count(self, obj):
        return obj.num_citations

    @admin.display(description="Entries citing this source")
    def cited_by(self, obj):
        if not obj.pk:
            return "—"
        citations = obj.citations.select_related(*MENTIONABLE)
        return links_list(dict.fromkeys(c.target for c in citations))

    # After adding an article, go straight to the mentions its text makes.

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            f"The source “{obj}” was added as a draft. Tick the mentions to cite below.",
            messages.SUCCESS,
        )
        self._point_to_references(request, obj)
        return HttpResponseRedirect(reverse("admin:cooperation_source_mentions", args=[obj.pk]))

    def _point_to_references(self, request, source) -> None:
        """Issue 14: a pasted article that is a cited reference can upgrade its claims."""
        if not source.original_url:
            return
        for reference in Reference.objects.filter(url=source.original_url, source__isnull=True):
            self.message_user(
                request,
                format_html(
                    'This text is the reference “{}”: <a href="{}">turn the claims resting '
                    "on it into quotes</a>.",
                    reference.title,
                    reverse("admin:cooperation_reference_upgrade", args=[reference.pk]),
                ),
                messages.INFO,
            )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/mentions/",
                self.admin_site.admin_view(self.mentions_view),
                name="cooperation_source_mentions",
            ),
            path(
                "<path:object_id>/new-entry/",
                self.admin_site.admin_view(self.new_entry_view),
                name="cooperation_source_new_entry",
            ),
            *super().get_urls(),
        ]

    def _source_for(self, request, object_id) -> Source:
        if not (
            self.has_view_permission(request) and request.user.has_perm("cooperation.add_citation")
        ):
            raise PermissionDenied
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404(f"No source with id {object_id}")
        return source

    def mentions_view(self, request, object_id):
        """The entries the source mentions; ticking them creates citations."""
        source = self._source_for(request, object_id)
        index = MentionIndex.from_database()
        mentions = find_mentions(source, index)
        formset = PassageFormSet(
            source,
            {m.key: Row(f"{m.entity} ({m.target_type})", m.sentence) for m in mentions},
            prefix="cite",
            closed=frozenset(m.key for m in mentions if m.already_cited),
            data=request.POST if request.method == "POST" else None,
        )
        if formset.is_valid():
            chosen = formset.chosen()
            if not chosen:
                messages.error(request, "Tick at least one mention to cite.")
            else:
                cited = [m for m in mentions if m.key in chosen]
                created = self._create_citations(request, source, cited, chosen)
                self.message_user(
                    request,
                    f"Created {len(created)} citation{'s' if len(created) != 1 else ''}: "
                    + "; ".join(str(m.entity) for m in created)
                    + ".",
                    messages.SUCCESS,
                )
                if changes := formset.changes():
                    # Only unticked rows changed (or the post is refused): said, not lost.
                    messages.warning(request, f"While you were ticking: {changes}")
                return HttpResponseRedirect(request.path)
        page = formset.page_context()
        rows = []
        for m, form in zip(mentions, page["formset"].forms, strict=True):
            # "New … from this sentence" starts from the passage as the curator left it.
            m.sentence = form["quote"].value() or m.sentence
            rows.append({"mention": m, "form": form})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": source,
            "source": source,
            "title": f"Mentions in “{source}”",
            "rows": rows,
            **page,
            "new_entry_types": [
                (name, model._meta.verbose_name) for name, model in MENTIONABLE.items()
            ],
            "new_entry_url": reverse("admin:cooperation_source_new_entry", args=[source.pk]),
            "change_url": reverse("admin:cooperation_source_change", args=[source.pk]),
            "has_publish_permission": self.has_publish_permission(request),
            "publish_url": reverse("admin:cooperation_source_publish", args=[source.pk]),
            **mentions_page_context(request, source, mentions, index),
        }
        return TemplateResponse(
            request,
            "admin/cooperation/source/mentions.html",
            context,
            status=formset.status,
        )

    def _create_citations(self, request, source, chosen, quotes) -> list:
        created = []
        with transaction.atomic(), self.create_revision(request):
            for mention in chosen:
                _citation, was_created = Citation.objects.get_or_create(
                    source=source,
                    quote=quotes[mention.key],
                    **{mention.target_type: mention.entity},
                )
                if was_created:
                    created.append(mention)
            # Each cited entry's history shows its new citation.
            add_to_revision_if_active(*(m.entity for m in created))
            set_comment(
                f"Cited {len(created)} mention{'s' if len(created) != 1 else ''} from “{source}”."
            )
        return created

    def new_entry_view(self, request, object_id):
        """Start a new agency, technology, agreement or event, its first citation filled in."""
        source = self._source_for(request, object_id)
        target_type = request.GET.get("type", "")
        quote = normalize_newlines(request.GET.get("quote", "")).strip()
        mentions_url = reverse("admin:cooperation_source_mentions", args=[source.pk])
        if target_type not in MENTIONABLE:
            messages.error(request, "Choose the kind of entry to create.")
            return HttpResponseRedirect(mentions_url)
        error = quote_error(source, quote)
        if error:
            messages.error(request, f"Quote: {error}")
            return HttpResponseRedirect(mentions_url)
        if not request.user.has_perm(f"cooperation.add_{target_type}"):
            raise PermissionDenied
        query = urlencode(new_entry_query(source, target_type, request.GET, quote))
        return HttpResponseRedirect(
            with_query(reverse(CITABLE[target_type].admin_add_url_name), query)
        )
