"""From a pasted article to published entries (issue 17): what the entries' add and change
pages do for a curator who comes from an article's mentions.

- "New agency / technology / agreement / event from this sentence" opens the add page with
  the name, acronym, slug, source, quote, and the date and its precision when the sentence
  gives one (`new_entry_query`);
- saving goes back to the article's mentions, where the new entry shows as cited, and
  "Publish" there comes back too (`CuratingMixin`);
- each extra citation row starts with the source the entry was just cited from;
- an acronym already in the name is said, and a non-number posted to an autocomplete
  field is a form error, not a 500.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from ..mentions import MENTIONABLE, Mention, MentionIndex, date_in, unknown_names
from ..mentions.japanese import has_japanese
from ..models import Citation, Source
from ..naming import acronym_in_name, slug_from_name
from .base import CITE_QUOTE_PARAM, CITE_SOURCE_PARAM
from .base import CitationInline as BaseCitationInline
from .citation_forms import CitationFormSet

# Where a date a sentence gives goes, per kind of entry.
DATE_FIELDS = {"agreement": "signed_on", "event": "date"}
# The admin's own query parameters, kept when an add page starts over.
ADMIN_PARAMS = {"_changelist_filters", "_popup", "_to_field"}
# Asked for by the add page reached from the mentions page: the acronym the article gave.
ACRONYM_PARAM = "acronym"


# Autocomplete fields that survive a value that is not a key ------------------------------


class _ValidValuesOnly:
    """Django's autocomplete widget looks up the posted values to show them again; a value
    that is not a key ("parties=abc") made that lookup raise, a 500 instead of the form's
    own "Select a valid choice" error."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_ValidValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidValuesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteFields:
    """Autocomplete fields with the widgets above (admins and inlines alike)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CitationInline(SafeAutocompleteFields, BaseCitationInline):
    pass


# The add page, prefilled from a sentence ---------------------------------------------------


def new_entry_query(source: Source, target_type: str, params: QueryDict, quote: str) -> dict:
    """The add page's query string: its citation, name, acronym, slug and date."""
    name = params.get("name", "").strip()
    acronym = params.get(ACRONYM_PARAM, "").strip()
    query = {CITE_SOURCE_PARAM: source.pk, CITE_QUOTE_PARAM: quote, "name": name}
    if has_japanese(name):
        # From a Japanese article: the name is the entry's Japanese name; its English
        # name (and the slug made from it) is the curator's to give.
        query["name"], query["name_ja"] = "", name
    elif name:
        query["slug"] = slug_from_name(name)
    if acronym and not acronym_in_name(name, acronym):
        if target_type in ("agency", "agreement"):
            query["acronym"] = acronym
        elif target_type == "technology":
            query["aliases"] = acronym
    dated = date_in(quote) if target_type in DATE_FIELDS else None
    if dated:
        field = DATE_FIELDS[target_type]
        query[field] = dated[0].isoformat()
        query[f"{field}_precision"] = dated[1]
    return query


def _admin_url(target_type: str, action: str, *args) -> str:
    return reverse(f"admin:cooperation_{target_type}_{action}", args=args)


def mentions_page_context(
    request, source: Source, mentions: list[Mention], index: MentionIndex
) -> dict:
    """What the mentions page shows besides the mentions: names it does not know yet, each
    a click from "create", and how to publish an entry just cited without leaving."""
    user = request.user
    mentions_url = _admin_url("source", "mentions", source.pk)
    for mention in mentions:
        opts = MENTIONABLE[mention.target_type]._meta
        mention.change_url = _admin_url(mention.target_type, "change", mention.entity.pk)
        mention.publish_url = (
            _admin_url(mention.target_type, "publish", mention.entity.pk)
            if user.has_perm(f"cooperation.publish_{opts.model_name}")
            else ""
        )
    new_entry_url = _admin_url("source", "new_entry", source.pk)
    creatable = [
        (name, model._meta.verbose_name)
        for name, model in MENTIONABLE.items()
        if user.has_perm(f"cooperation.add_{name}")
    ]
    text = source.text or ""
    unknown = unknown_names(text, index, index.find(text)) if creatable else []
    for name in unknown:
        name.create_links = [
            (
                label,
                new_entry_url
                + "?"
                + urlencode(
                    {
                        "type": kind,
                        "name": name.name,
                        ACRONYM_PARAM: name.acronym,
                        "quote": name.sentence,
                    }
                ),
            )
            for kind, label in creatable
        ]
    return {
        "unknown_names": unknown,
        "creatable_types": creatable,
        "mentions_url": mentions_url,
    }


class CuratingMixin(SafeAutocompleteFields):
    """For the admins of agencies, technologies, agreements and events."""

    class Media:
        # Slugs keep a word break for every dash, as slug_from_name does on the server.
        js = ["js/curating-admin.js"]

    def _source_from_mentions(self, request) -> Source | None:
        source_id = request.GET.get(CITE_SOURCE_PARAM, "")
        if not source_id.isdigit():
            return None
        return Source.objects.filter(pk=source_id).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "slug" not in form.base_fields or "name" not in form.base_fields:
            return form

        class SlugFromNameForm(form):
            """Without JavaScript, an empty slug is made from the name on the server."""

            def clean_slug(self):
                if not self.cleaned_data.get("slug") and self.cleaned_data.get("name"):
                    self.cleaned_data["slug"] = slug_from_name(self.cleaned_data["name"])
                return super().clean_slug()

        slug = SlugFromNameForm.base_fields["slug"]
        slug.required = False
        slug.help_text = "Left empty, it is made from the name (each dash a word break)."
        return SlugFromNameForm

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if initial.get("name") and not initial.get("slug"):
            initial["slug"] = slug_from_name(initial["name"])
        return initial

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        source_id = None
        source = self._source_from_mentions(request)
        if source is not None:
            source_id = source.pk
        elif obj is not None and obj.pk is not None:
            # The source of the entry's latest citation: its next one often quotes it too.
            source_id = (
                Citation.objects.filter(**{self.model._meta.model_name: obj})
                .order_by("-pk")
                .values_list("source_id", flat=True)
                .first()
            )
        for formset in formsets:
            if isinstance(formset, CitationFormSet):
                formset.default_source = source_id
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        acronym = getattr(obj, "acronym", "")
        if acronym_in_name(obj.name, acronym):
            self.message_user(
                request,
                f"The acronym “{acronym}” is also in the name “{obj.name}”: the entry is shown "
                "as its name alone. Take the acronym out of the name unless it belongs there.",
                messages.WARNING,
            )

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        source = self._source_from_mentions(request)
        if source is None:
            return response
        if "_addanother" in request.POST:
            # The next entry starts blank: none of this one's prefilled name, slug, date.
            location = urlsplit(response.get("Location", ""))
            kept = [(k, v) for k, v in parse_qsl(location.query) if k in ADMIN_PARAMS]
            response["Location"] = urlunsplit(location._replace(query=urlencode(kept)))
            return response
        mentions_url = _admin_url("source", "mentions", source.pk)
        if "_continue" in request.POST:
            self.message_user(
                request,
                format_html('<a href="{}">Back to the mentions of “{}”</a>', mentions_url, source),
                messages.INFO,
            )
            return response
        # "Save": back where the curator came from, on the new entry's row.
        key = f"{self.model._meta.model_name}-{obj.pk}"
        return HttpResponseRedirect(f"{mentions_url}#mention-{key}")

    def publish_view(self, request, object_id):
        response = super().publish_view(request, object_id)
        back = request.POST.get("next", "")
        if (
            response.status_code == 302
            and back
            and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        ):
            return HttpResponseRedirect(back)
        return response
