"""What every content admin shares: drafts and explicit publishing, concurrency, the citations
inline; history comes from versions.HistoryAdmin."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, When
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from reversion import add_to_revision, is_active, set_comment

from ..kinds import kind_of
from ..models import Citation, PublicationStatus, Source, citable_fields
from .citation_forms import CitationFormSet, CitationInlineForm
from .forms import VersionCheckedForm
from .versions import HistoryAdmin

# Query parameters that prefill an add page's first citation (from the mentions page).
CITE_SOURCE_PARAM = "cite_source"
CITE_QUOTE_PARAM = "cite_quote"


class CitationInline(admin.StackedInline):
    """The citations of an entry, edited with it. The fk to the entry is set per subclass."""

    model = Citation
    form = CitationInlineForm
    formset = CitationFormSet
    extra = 0
    autocomplete_fields = ["source", "reference"]
    verbose_name = "citation"
    verbose_name_plural = (
        "citations (a verbatim quote from a source, or a reference's claim in our words)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        # A new entry needs a citation; an existing one gets an empty row only on demand.
        return 1 if obj is None else 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "field":
            # The fields of this kind of entry, not free text a typo could slip into.
            return forms.ChoiceField(
                label="Supports",
                choices=[("", "The entry as a whole"), *citable_fields(self.parent_model)],
                required=False,
                help_text="The field of the entry the quote is evidence for.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def add_to_revision_if_active(*entries) -> None:
    """Record the entries (with their citations) in the revision being saved.

    A citation created or changed on its own (the mentions page, the citations list)
    is then shown in its entry's history, and restoring the entry restores it.
    """
    if not is_active():
        return
    for entry in dict.fromkeys(e for e in entries if e is not None and e.pk is not None):
        add_to_revision(entry)


def links_list(objects) -> str:
    """A read-only list of links to the admin pages of related entries."""
    objects = list(objects)
    if not objects:
        return "—"
    return format_html(
        "<ul class='related-readonly'>{}</ul>",
        format_html_join(
            "",
            "<li><a href='{}'>{}</a> ({})</li>",
            (
                (
                    reverse(kind_of(o).admin_change_url_name, args=[o.pk]),
                    str(o),
                    o.get_publication_status_display(),
                )
                for o in objects
            ),
        ),
    )


class ContentAdmin(HistoryAdmin):
    """Base of the admin of every publishable entity."""

    form = VersionCheckedForm
    change_form_template = "admin/cooperation/change_form.html"
    show_facets = admin.ShowFacets.ALWAYS
    actions = ["publish_selected", "unpublish_selected"]
    list_per_page = 50
    # Set by subclasses that have a citations inline, to prefill it from the mentions page.
    citation_inline: type[CitationInline] | None = None
    # What an autocomplete widget searches: names, not descriptions, so typing "DARPA"
    # offers DARPA first, not every entry whose description mentions it. The first
    # field is the name, which ranks exact and prefix matches first.
    autocomplete_search_fields: list[str] = []

    # Autocomplete -------------------------------------------------------------------

    def _is_autocomplete(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        return bool(self.autocomplete_search_fields) and getattr(match, "url_name", "") == (
            "autocomplete"
        )

    def get_search_fields(self, request):
        if self._is_autocomplete(request):
            return self.autocomplete_search_fields
        return super().get_search_fields(request)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and self._is_autocomplete(request):
            name = self.autocomplete_search_fields[0]
            exact = Q(**{f"{name}__iexact": term})
            if "acronym" in self.autocomplete_search_fields:
                exact |= Q(acronym__iexact=term)
            queryset = queryset.annotate(
                match_rank=Case(
                    When(exact, then=0),
                    When(**{f"{name}__istartswith": term}, then=1),
                    default=2,
                    output_field=IntegerField(),
                )
            ).order_by("match_rank", name)
        return queryset, may_have_duplicates

    # Drafts and publishing ---------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the explicit Publish/Unpublish buttons and actions.
        return [*super().get_readonly_fields(request, obj), "publication_status"]

    def _set_status(self, request, objects, status: str) -> int:
        verb = "Published" if status == PublicationStatus.PUBLISHED else "Unpublished"
        changed = 0
        for obj in objects:
            if obj.publication_status == status:
                continue
            obj.publication_status = status
            # Saved one by one, not queryset.update(): save signals (the search index)
            # and the history must see every change.
            obj.save()
            self.log_change(request, obj, f"{verb}.")
            changed += 1
        opts = self.model._meta
        noun = opts.verbose_name if changed == 1 else opts.verbose_name_plural
        set_comment(f"{verb} {changed} {noun}.")
        return changed

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish_selected(self, request, queryset):
        changed = self._set_status(request, queryset, PublicationStatus.PUBLISHED)
        self.message_user(
            request,
            f"Published {changed} {self.model._meta.verbose_name_plural}.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Unpublish selected %(verbose_name_plural)s (back to draft)",
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        changed = self._set_status(request, queryset, PublicationStatus.DRAFT)
        self.message_user(
            request,
            f"Unpublished {changed} {self.model._meta.verbose_name_plural}; they are drafts again.",
            messages.SUCCESS,
        )

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="{}_{}_publish".format(*info),
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id):
        """POST-only: publish (or with unpublish=1, unpublish) one entry from its change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_publish_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with id {object_id}")
        status = (
            PublicationStatus.DRAFT
            if request.POST.get("unpublish")
            else PublicationStatus.PUBLISHED
        )
        with self.create_revision(request):
            self._set_status(request, [obj], status)
        if status == PublicationStatus.PUBLISHED:
            self.message_user(request, f"“{obj}” is published.", messages.SUCCESS)
        else:
            self.message_user(request, f"“{obj}” is a draft again.", messages.SUCCESS)
        info = self.model._meta.app_label, self.model._meta.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["has_publish_permission"] = self.has_publish_permission(request)
        if obj is not None:
            info = self.model._meta.app_label, self.model._meta.model_name
            context["publish_url"] = reverse("admin:{}_{}_publish".format(*info), args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    # A new entry created from the mentions page comes with its citation filled in.

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (
            request.method == "GET"
            and obj is not None
            and obj.pk is None
            and self.citation_inline is not None
            and isinstance(inline, self.citation_inline)
        ):
            source = Source.objects.filter(pk=request.GET.get(CITE_SOURCE_PARAM) or None).first()
            quote = request.GET.get(CITE_QUOTE_PARAM, "").strip()
            if source is not None and quote:
                kwargs["initial"] = [{"source": source.pk, "quote": quote}]
        return kwargs

    def response_add(self, request, obj, post_url_continue=None):
        # The admin keeps the add page's query string on its redirects: "Save and add
        # another" would otherwise start the next entry with this one's name and citation.
        response = super().response_add(request, obj, post_url_continue)
        location = response.get("Location", "") if response.status_code == 302 else ""
        if CITE_SOURCE_PARAM in location:
            url = urlsplit(location)
            query = [
                (k, v)
                for k, v in parse_qsl(url.query, keep_blank_values=True)
                if k not in (CITE_SOURCE_PARAM, CITE_QUOTE_PARAM, "name")
            ]
            response["Location"] = urlunsplit(url._replace(query=urlencode(query)))
        return response

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for param in (CITE_SOURCE_PARAM, CITE_QUOTE_PARAM):
            initial.pop(param, None)
        return initial
