"""The citation forms of the admin: verbatim quotes, and no lost edit of a citation."""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import InlineForeignKeyField
from django.forms.utils import ErrorDict

from ..models import CITABLE, Citation
from .forms import PlainTextField

STALE_CITATION_MESSAGE = (
    "Someone else changed this citation after you opened the page. Nothing was saved: "
    "reload the page to see their change, then make yours again."
)
DELETED_CITATION_MESSAGE = (
    "Someone else deleted this citation after you opened the page. Nothing was saved: "
    "reload the page."
)
# What a citation says; a change to any of these by someone else makes a form stale.
CITATION_STATE = (
    "source_id",
    "reference_id",
    *(f"{name}_id" for name in CITABLE),
    "field",
    "quote",
    "claim",
    "locator",
)


class StaleCitationCheck(forms.ModelForm):
    """Refuses to save a citation someone else changed or deleted since the form was opened.

    Citations carry no timestamp: the form carries a fingerprint of the citation as it was
    shown (the fields this form edits). When it is posted back:
    - unchanged from what was shown: the curator did not touch it, so it is not saved,
      and a newer change made elsewhere stays;
    - changed, and the row still as shown: saved;
    - changed, but the row changed or went away meanwhile: refused, saying so.
    """

    loaded_as = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_as"] = self._state(
                {name: getattr(self.instance, attname) for name, attname in self._compared()}
            )

    def full_clean(self):
        if self._posted_as_stored():
            # Untouched, and the row is still as shown: nothing to check, and it is not
            # saved (has_changed). Skipping its lookups keeps a save of an entry with many
            # citations cheap.
            self._errors = ErrorDict()
            self.cleaned_data = {
                name: self.get_initial_for_field(field, name) for name, field in self.fields.items()
            }
            self.cleaned_data["loaded_as"] = self.initial["loaded_as"]
            return
        super().full_clean()

    def _posted_as_stored(self) -> bool:
        if not (self.is_bound and self.instance.pk and "loaded_as" in self.initial):
            return False
        posted = self.data.get(self.add_prefix("loaded_as"))
        return posted == self.initial["loaded_as"] and not self.changed_data

    def _compared(self) -> list[tuple[str, str]]:
        """(form field, model attribute) of what this form edits and a curator could change.

        The form's own fields: an inline formset adds the key to the entry (fixed) later.
        """
        return [
            (attname.removesuffix("_id"), attname)
            for attname in CITATION_STATE
            if attname.removesuffix("_id") in self.base_fields
        ]

    @staticmethod
    def _state(values: dict) -> str:
        data = [[name, getattr(value, "pk", value)] for name, value in sorted(values.items())]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:20]

    def _untouched(self) -> bool:
        """The posted citation is exactly the one that was shown."""
        cleaned = getattr(self, "cleaned_data", None)
        if not (self.instance.pk and cleaned) or not cleaned.get("loaded_as"):
            return False
        compared = self._compared()
        if any(name not in cleaned for name, _attname in compared):
            return False  # a field failed validation: not untouched
        return self._state({name: cleaned[name] for name, _ in compared}) == cleaned["loaded_as"]

    def has_changed(self):
        if self._untouched():
            return "DELETE" in self.changed_data
        return any(name != "loaded_as" for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        posted_id = self.data.get(self.add_prefix("id")) if self.is_bound else None
        if posted_id and self.instance.pk is None:
            raise ValidationError(DELETED_CITATION_MESSAGE, code="stale")
        if not self.instance.pk or self._untouched():
            return cleaned
        compared = self._compared()
        row = Citation.objects.filter(pk=self.instance.pk).values(*(a for _, a in compared)).first()
        if row is None:
            raise ValidationError(DELETED_CITATION_MESSAGE, code="stale")
        shown = cleaned.get("loaded_as")
        if shown and self._state({name: row[attname] for name, attname in compared}) != shown:
            raise ValidationError(STALE_CITATION_MESSAGE, code="stale")
        return cleaned


class CitationFormSet(forms.BaseInlineFormSet):
    """An entry's citations; says so when one of them was deleted by someone else meanwhile.

    The admin shows only the citations still in the database, so a form for a deleted
    one, and its error, would not be on the page: the error goes above the citations.
    """

    def get_queryset(self):
        # The entry's citations as its admin already read them (EntityAdmin.get_object).
        accessor = self.fk.remote_field.get_accessor_name()
        cached = getattr(self.instance, "_prefetched_objects_cache", {}).get(accessor)
        if cached is None or self.instance.pk is None:
            return super().get_queryset()
        if not hasattr(self, "_queryset"):
            self._queryset = list(cached)
        return self._queryset

    # The source an added citation row starts with (admin/curating.py sets it): a curator
    # citing one article again does not choose it again in the autocomplete for each row.
    default_source: int | None = None

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None and self.default_source is not None:
            kwargs["initial"] = {"source": self.default_source}  # the "Add another" row
        return kwargs

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if form.instance.pk is None and form.data.get(form.add_prefix("id")):
                raise ValidationError(
                    "Someone else deleted a citation of this entry after you opened the page. "
                    "Nothing was saved: reload the page to see the citations as they are now.",
                    code="stale",
                )


class CitationInlineForm(StaleCitationCheck):
    """A citation edited inside its entry: the quote must be verbatim in the chosen source."""

    class Meta:
        model = Citation
        # Quoted (source + quote) or referenced (reference + claim + locator).
        fields = ["source", "quote", "reference", "claim", "locator", "field", "loaded_as"]
        field_classes = {"quote": PlainTextField}
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "claim": forms.Textarea(attrs={"rows": 2, "cols": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = getattr(self.fields.get("field"), "choices", None)
        current = self.instance.field
        if choices is not None and current and current not in dict(choices):
            # Keep a value the choices do not know, so it is shown (and refused by
            # Citation.clean with a message) instead of being silently blanked.
            self.fields["field"].choices = [*choices, (current, f"{current} (not a field)")]

    def _post_clean(self):
        # On an entry's add page the entry has no primary key yet, so the citation's
        # target is empty and Citation.clean() would refuse it as having no target
        # (and skip the quote check). During validation only, a placeholder key stands
        # in for the unsaved entry; the inline formset sets the real one when it saves.
        unsaved = [
            f"{name}_id"
            for name, form_field in self.fields.items()
            if isinstance(form_field, InlineForeignKeyField)
            and name in CITABLE
            and form_field.parent_instance is not None
            and form_field.parent_instance.pk is None
        ]
        if not unsaved:
            return super()._post_clean()
        instance = self.instance

        def clean_with_placeholder():
            for attname in unsaved:
                setattr(instance, attname, -1)
            try:
                Citation.clean(instance)
            finally:
                for attname in unsaved:
                    setattr(instance, attname, None)

        instance.clean = clean_with_placeholder
        try:
            super()._post_clean()
        finally:
            del instance.clean


class CitationForm(StaleCitationCheck):
    """The citations list's own form: one source, one target, a verbatim quote."""

    class Meta:
        model = Citation
        fields = [
            "source",
            "reference",
            "agreement",
            "agency",
            "technology",
            "event",
            "field",
            "quote",
            "claim",
            "locator",
            "loaded_as",
        ]
        field_classes = {"quote": PlainTextField}
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "claim": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }
