"""Admin forms: optimistic concurrency for entries, verbatim quotes for citations."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import InlineForeignKeyField

from ..models import CITABLE, Citation

STALE_MESSAGE = (
    "Someone else saved this entry after you opened it (at {when} UTC). "
    "Nothing was saved: reload the page to see their changes, then make yours again."
)


class VersionCheckedForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened.

    The form carries the entry's `updated_at` as it was when opened; a second curator
    saving from a stale form is told instead of silently overwriting the first.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Reverting to an earlier version (django-reversion) saves the entry before the
    # form is shown, so the check is turned off there by the admin.
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if not (self.check_version and self.instance.pk):
            return cleaned
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # The admin saves inside a transaction: lock the row so two saves that
            # arrive together are checked one after the other (PostgreSQL).
            rows = rows.select_for_update()
        current = rows.values_list("updated_at", flat=True).first()
        seen = cleaned.get("loaded_version") or ""
        if current is not None and current.isoformat() != seen:
            when = current.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
            raise ValidationError(STALE_MESSAGE.format(when=when), code="stale")
        return cleaned


class CitationInlineForm(forms.ModelForm):
    """A citation edited inside its entry: the quote must be verbatim in the chosen source."""

    class Meta:
        model = Citation
        fields = ["source", "quote", "field"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3, "cols": 60})}

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


class CitationForm(forms.ModelForm):
    """The citations list's own form: one source, one target, a verbatim quote."""

    class Meta:
        model = Citation
        fields = ["source", "agreement", "agency", "technology", "event", "field", "quote"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3, "cols": 80})}


class LinesField(forms.CharField):
    """A list of strings (aliases, authors) edited as one item per line, not as JSON."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, *args, encoder=None, decoder=None, **kwargs):
        # JSONField.formfield() passes these; a list of lines needs neither.
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)
