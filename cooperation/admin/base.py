"""What every content admin shares: drafts and explicit publishing, history, concurrency."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from reversion import set_comment
from reversion.admin import VersionAdmin

from ..models import Citation, PublicationStatus, Source
from .forms import CitationInlineForm, VersionCheckedForm

# Query parameters that prefill an add page's first citation (from the mentions page).
CITE_SOURCE_PARAM = "cite_source"
CITE_QUOTE_PARAM = "cite_quote"


class CitationInline(admin.StackedInline):
    """The citations of an entry, edited with it. The fk to the entry is set per subclass."""

    model = Citation
    form = CitationInlineForm
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "citation"
    verbose_name_plural = "citations (verbatim quotes from sources)"

    def get_extra(self, request, obj=None, **kwargs):
        # A new entry needs a citation; an existing one gets an empty row only on demand.
        return 1 if obj is None else 0


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
                    reverse(f"admin:{o._meta.app_label}_{o._meta.model_name}_change", args=[o.pk]),
                    str(o),
                    o.get_publication_status_display(),
                )
                for o in objects
            ),
        ),
    )


class ContentAdmin(VersionAdmin):
    """Base of the admin of every publishable entity."""

    form = VersionCheckedForm
    change_form_template = "admin/cooperation/change_form.html"
    show_facets = admin.ShowFacets.ALWAYS
    actions = ["publish_selected", "unpublish_selected"]
    list_per_page = 50
    history_latest_first = True
    # Set by subclasses that have a citations inline, to prefill it from the mentions page.
    citation_inline: type[CitationInline] | None = None

    # Drafts and publishing ---------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the explicit Publish/Unpublish buttons and actions.
        return [*super().get_readonly_fields(request, obj), "publication_status"]

    def _set_status(self, request, objects, status: str) -> int:
        changed = 0
        for obj in objects:
            if obj.publication_status == status:
                continue
            obj.publication_status = status
            # Saved one by one, not queryset.update(): save signals (the search index)
            # and the history must see every change.
            obj.save()
            self.log_change(request, obj, f"{status.capitalize()}.")
            changed += 1
        set_comment(f"{status.capitalize()} {changed} {self.model._meta.verbose_name_plural}.")
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
        status = PublicationStatus.DRAFT if request.POST.get("unpublish") else "published"
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

    # History: reverting saves before the form is shown, so skip the stale-form check.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "_reverting", False):
            form = type(form.__name__, (form,), {"check_version": False})
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request._reverting = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request._reverting = True
        return super().recover_view(request, version_id, extra_context)

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

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for param in (CITE_SOURCE_PARAM, CITE_QUOTE_PARAM):
            initial.pop(param, None)
        return initial
