"""Admin forms: optimistic concurrency for entries (citations: citation_forms.py)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils.text import normalize_newlines

from ..mentions import looks_japanese
from ..models import CITABLE, Language

STALE_MESSAGE = (
    "Someone else saved this entry after you opened it (at {when} UTC). "
    "Nothing was saved: reload the page to see their changes, then make yours again."
)


class PlainTextField(forms.CharField):
    """Text with its line ends normalised: browsers send a textarea's lines as CRLF."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_newlines(value) if value else value


def _constraint_fields(constraint) -> set[str] | None:
    """The fields a constraint reads, or None when it cannot tell (an expression)."""
    if isinstance(constraint, models.UniqueConstraint):
        return set(constraint.fields) if constraint.fields else None
    if not isinstance(constraint, models.CheckConstraint):
        return None
    names: set[str] = set()
    pending = [constraint.condition]
    while pending:
        node = pending.pop()
        for child in node.children:
            if isinstance(child, Q):
                pending.append(child)
            elif isinstance(child, tuple) and not hasattr(child[1], "resolve_expression"):
                names.add(child[0].split(LOOKUP_SEP)[0])
            else:
                return None
    return names


class VersionCheckedForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened.

    The form carries the entry's `updated_at` as it was when opened; a second curator
    saving from a stale form is told instead of silently overwriting the first.

    What the curator left as it was is not checked or written again: those values are
    the stored ones. An unchanged relation is not looked up or re-saved, and a
    constraint reading only unchanged fields is not queried (issue 13's write budget).
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored = self.instance.pk is not None
        if self._stored and self.instance.updated_at:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()
        if self.is_bound and self._stored:
            for name, field in self.fields.items():
                if isinstance(field, forms.ModelMultipleChoiceField):
                    bound = self[name]
                    if not field.has_changed(bound.initial, bound.data):
                        # The stored entries, as loaded for the form: no lookup by id.
                        field.clean = lambda value, kept=bound.initial: kept

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if not self._stored:
            return exclude
        unchanged = {
            f.name
            for f in self.instance._meta.concrete_fields
            if f.name in self.fields and f.name not in self.changed_data
        }
        # A constraint is checked when any field it reads changed (or it cannot tell).
        for constraint in self.instance._meta.constraints:
            fields = _constraint_fields(constraint)
            if fields is None:
                return exclude
            if fields - unchanged:
                unchanged -= fields
        return exclude | unchanged

    def _save_m2m(self):
        if not self._stored:
            return super()._save_m2m()
        unchanged = {
            f.name for f in self.instance._meta.many_to_many if f.name not in self.changed_data
        }
        kept = {
            name: self.cleaned_data.pop(name) for name in unchanged if name in self.cleaned_data
        }
        try:
            super()._save_m2m()
        finally:
            self.cleaned_data.update(kept)

    def clean_slug(self):
        # "DARPA" beside "darpa" would be a second address for a look-alike entry; every
        # slug is lower case (the slug prepopulated from the name is too).
        slug = self.cleaned_data["slug"]
        if slug != slug.lower():
            raise ValidationError(f"Use lower-case letters: “{slug.lower()}”.", code="slug_case")
        return slug

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        if getattr(self.instance, "_locked_for_update", False):
            # The admin read the row locked, in this transaction: it is current.
            current = self.instance.updated_at
            seen = cleaned.get("loaded_version") or ""
            if current is not None and current.isoformat() != seen:
                when = current.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
                raise ValidationError(STALE_MESSAGE.format(when=when), code="stale")
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


class SourceForm(VersionCheckedForm):
    """A source: changing its text must not leave a citation quoting words no longer in it.
    Its language is read from the text unless the curator says it.

    No Meta: the admin builds the form class from its fieldsets and field overrides.
    """

    language = forms.ChoiceField(
        choices=[("", "Detect from the text"), *Language.choices],
        required=False,
        help_text="Detected, a text mostly in kana and kanji is Japanese, any other English.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new source starts undecided, not at the model's default: a curator pasting a
        # Japanese article need not remember to switch it from English.
        if not self._stored and not (kwargs.get("initial") or {}).get("language"):
            self.initial["language"] = ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("language"):
            japanese = looks_japanese(cleaned.get("text") or "")
            cleaned["language"] = Language.JA if japanese else Language.EN
        return cleaned

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not self.instance.pk or text == self.instance.text:
            return text
        broken = [
            citation
            for citation in self.instance.citations.select_related(*CITABLE).order_by("pk")
            if citation.quote not in text
        ]
        if broken:
            listed = "; ".join(
                f"“{c.quote[:80]}{'…' if len(c.quote) > 80 else ''}” (cites {c.target})"
                for c in broken[:10]
            )
            more = f" and {len(broken) - 10} more" if len(broken) > 10 else ""
            who = "a citation quotes" if len(broken) == 1 else f"{len(broken)} citations quote"
            raise ValidationError(
                f"This change removes words {who}: {listed}{more}. Keep those passages, "
                "or edit or delete the citations first.",
                code="breaks_quotes",
            )
        return text


class TechnologyForm(VersionCheckedForm):
    """A technology area: its extra parents (issue 18) checked with the parent posted
    beside them, since the model's clean() cannot see a many-to-many value.

    No Meta: the admin builds the form class from its fieldsets and field overrides.
    """

    def clean(self):
        cleaned = super().clean()
        moved = {"parent", "also_under"} & set(self.changed_data)
        if moved and "also_under" in cleaned and "parent" in cleaned:
            parent = cleaned["parent"]
            try:
                self.instance.validate_parents(parent and parent.pk, cleaned["also_under"])
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


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
