"""The formset of the pages where a curator ticks rows and gives each a passage of a source.

Two pages work this way: a source's mentions (tick the entries to cite, each with its
quote) and a reference's upgrade (tick the claims to turn into quotes of the source that
holds its text). Each row is one form: its key (hidden), whether it is ticked, and its
passage, which must be found verbatim in the source's text. The forms stand in the rows'
order; a post whose rows are not the page's (a stale page, an altered management form)
is refused as a whole, so a passage never lands on the wrong row.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import normalize_newlines

from ..models import QUOTE_MAX_LENGTH, Source

STALE = (
    "The rows of this page changed since it was loaded, or the form arrived incomplete. "
    "Nothing was saved: the rows below are as they stand now; tick them again."
)


def quote_error(source: Source, quote: str) -> str:
    """Why a quote cannot cite this source, or "" when it can."""
    if not quote:
        return "The quote is empty: give the passage of the source that supports the entry."
    if len(quote) > QUOTE_MAX_LENGTH:
        return f"The quote is {len(quote)} characters long; keep it under {QUOTE_MAX_LENGTH}."
    if quote not in source.text:
        return "This quote is not found verbatim in the source’s text."
    return ""


class PassageForm(forms.Form):
    """One row: its key, whether it is ticked, and its passage of `source`."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    chosen = forms.BooleanField(required=False)
    quote = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )

    def __init__(self, *args, source: Source, open_keys: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.source, self.open_keys = source, open_keys

    def clean(self):
        data = super().clean()
        # A row cited since the page was loaded (or not a row at all) is left alone.
        data["chosen"] = bool(data.get("chosen")) and data.get("key") in self.open_keys
        if data["chosen"]:
            # Browsers send a textarea's line ends as CRLF; the text has LF.
            data["quote"] = normalize_newlines(data.get("quote", "")).strip()
            if error := quote_error(self.source, data["quote"]):
                self.add_error("quote", error)
        return data


class BasePassageFormSet(forms.BaseFormSet):
    """One PassageForm per row of `rows` ({key: suggested passage}), in its order.

    Rows whose key is in `closed` (a mention already cited) are ignored when ticked.
    """

    default_error_messages = {"missing_management_form": STALE}

    def __init__(
        self,
        source: Source,
        rows: dict[str, str],
        *,
        prefix: str,
        closed: frozenset[str] = frozenset(),
        data=None,
    ):
        self.source, self.rows, self.closed = source, rows, closed
        super().__init__(
            data,
            prefix=prefix,
            initial=[{"key": key, "quote": passage} for key, passage in rows.items()],
            form_kwargs={"source": source, "open_keys": frozenset(rows) - closed},
        )

    def clean(self):
        if not self.management_form.is_valid():
            return  # already said, once
        posted = [form.cleaned_data.get("key") for form in self.forms]
        if posted != list(self.rows) or self.initial_form_count() != len(self.rows):
            raise ValidationError(STALE, code="stale")

    def chosen(self) -> dict[str, str]:
        """{key: passage} of the ticked open rows, in the page's order; once valid."""
        return {
            form.cleaned_data["key"]: form.cleaned_data["quote"]
            for form in self.forms
            if form.cleaned_data["chosen"]
        }

    def page_context(self) -> dict:
        """What the page's template needs: the formset to show (the posted one, every
        passage as the curator left it, unless its rows cannot be trusted: then the rows
        as they stand now), the errors of the whole post, and whether a row has one."""
        shown = self
        if self.non_form_errors():
            shown = type(self)(self.source, self.rows, prefix=self.prefix, closed=self.closed)
        return {
            "formset": shown,
            "page_errors": self.non_form_errors(),
            "has_errors": any(form.errors for form in shown.forms),
        }

    @property
    def status(self) -> int:
        """400 when the post was refused, so a refused save is not mistaken for a page."""
        return 400 if self.is_bound and not self.is_valid() else 200


PassageFormSet = forms.formset_factory(PassageForm, formset=BasePassageFormSet, extra=0)
