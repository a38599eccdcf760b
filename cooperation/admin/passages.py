"""The formset of the pages where a curator ticks rows and gives each a passage of a source.

Two pages work this way: a source's mentions (tick the entries to cite, each with its
quote) and a reference's upgrade (tick the claims to turn into quotes of the source that
holds its text). Each row is one form: its key and label (hidden), whether it is ticked,
and its passage, which must be found verbatim in the source's text.

The rows can change between loading the page and posting it (another curator creates,
deletes or cites an entry, a claim is upgraded in another tab). So the posted forms are
matched to the current rows by their key, never by their position: a row still there
keeps its tick and passage, a new row comes unticked with its suggestion, and a row that
left the page is named with the passage typed in it. If a ticked row left or changed, the
post is refused and shown again with every passage; if only unticked rows did, saving the
ticked ones is safe. A passage never lands on another row, and no typed passage is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.text import normalize_newlines

from ..models import QUOTE_MAX_LENGTH, Source

ALTERED = (
    "This form arrived incomplete or altered. Nothing was saved: the rows below are as "
    "they stand now, with the ticks and passages that could be read; check them and send "
    "again."
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


@dataclass(frozen=True)
class Row:
    """A row as the page offers it: how the curator knows it, and the suggested passage."""

    label: str
    passage: str


@dataclass(frozen=True)
class PostedRow:
    """One form as the browser sent it; quote is None when the row had no box."""

    key: str
    label: str
    chosen: bool
    quote: str | None


@dataclass(frozen=True)
class LeftRow:
    """A posted row the page no longer offers for ticking, with what was typed in it."""

    key: str
    label: str
    chosen: bool
    quote: str
    cited_meanwhile: bool  # still listed, but cited by someone else since the page loaded


def posted_rows(data, prefix: str) -> tuple[list[PostedRow], bool]:
    """The forms posted under `prefix`, in their order, and whether the post is intact:
    a valid management form counting exactly these forms, each with its own key."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)-key")
    indexes = sorted(int(m[1]) for name in data if (m := pattern.fullmatch(name)))
    to_bool = forms.BooleanField(required=False).to_python
    rows = [
        PostedRow(
            key=data.get(f"{prefix}-{i}-key", ""),
            label=data.get(f"{prefix}-{i}-label", ""),
            chosen=to_bool(data.get(f"{prefix}-{i}-chosen")),
            quote=data.get(f"{prefix}-{i}-quote"),
        )
        for i in indexes
    ]
    management = ManagementForm(data, prefix=prefix)
    keys = [row.key for row in rows]
    intact = (
        management.is_valid()
        and management.cleaned_data[TOTAL_FORM_COUNT] == len(rows)
        and management.cleaned_data[INITIAL_FORM_COUNT] == len(rows)
        and indexes == list(range(len(rows)))
        and all(keys)
        and len(set(keys)) == len(keys)
    )
    return rows, intact


class PassageForm(forms.Form):
    """One row: its key and label, whether it is ticked, and its passage of `source`."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    # Posted back so a row that left the page can still be named as the curator saw it.
    label = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    chosen = forms.BooleanField(required=False)
    quote = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )

    def __init__(self, *args, source: Source, open_keys: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.source, self.open_keys = source, open_keys

    def clean(self):
        data = super().clean()
        # A row cited since the page was loaded is left alone (the formset says so).
        data["chosen"] = bool(data.get("chosen")) and data.get("key") in self.open_keys
        if data["chosen"]:
            # Browsers send a textarea's line ends as CRLF; the text has LF.
            data["quote"] = normalize_newlines(data.get("quote", "")).strip()
            if error := quote_error(self.source, data["quote"]):
                self.add_error("quote", error)
        return data


def _names(labels: list[str]) -> str:
    return ", ".join(f"“{label}”" for label in labels)


class BasePassageFormSet(forms.BaseFormSet):
    """One PassageForm per row of `rows` ({key: Row}), in its order.

    Rows whose key is in `closed` (a mention already cited) cannot be ticked. A post is
    re-matched to these rows by key before it is validated (see the module's docstring).
    """

    def __init__(
        self,
        source: Source,
        rows: dict[str, Row],
        *,
        prefix: str,
        closed: frozenset[str] = frozenset(),
        data=None,
    ):
        self.source, self.rows, self.closed = source, rows, closed
        self.intact, self.left, self.new, self.relabelled = True, [], [], []
        if data is not None:
            data = self._rematch(data, prefix)
        super().__init__(
            data,
            prefix=prefix,
            initial=[
                {"key": key, "label": row.label, "quote": row.passage} for key, row in rows.items()
            ],
            form_kwargs={"source": source, "open_keys": frozenset(rows) - closed},
        )

    def _rematch(self, data, prefix: str) -> dict:
        """The post as if made from the current rows: each posted form moved to its row."""
        posted, self.intact = posted_rows(data, prefix)
        by_key = {row.key: row for row in posted}
        for row in posted:
            cited_meanwhile = row.key in self.rows and row.chosen and row.key in self.closed
            if row.key in self.rows and not cited_meanwhile:
                continue
            quote = row.quote if row.quote is not None else ""
            label = row.label or row.key
            self.left.append(LeftRow(row.key, label, row.chosen, quote, cited_meanwhile))
        matched = {
            f"{prefix}-{TOTAL_FORM_COUNT}": str(len(self.rows)),
            f"{prefix}-{INITIAL_FORM_COUNT}": str(len(self.rows)),
        }
        for i, (key, row) in enumerate(self.rows.items()):
            sent = by_key.get(key)
            matched[f"{prefix}-{i}-key"] = key
            matched[f"{prefix}-{i}-label"] = row.label
            if sent is None:
                self.new.append(row.label)
            elif sent.chosen and sent.label and sent.label != row.label:
                self.relabelled.append((sent.label, row.label))
            if sent is not None and sent.chosen:
                matched[f"{prefix}-{i}-chosen"] = "on"
            has_quote = sent is not None and sent.quote is not None
            matched[f"{prefix}-{i}-quote"] = sent.quote if has_quote else row.passage
        return matched

    @property
    def lost_ticks(self) -> bool:
        """Whether a ticked row left the page or changed under the curator's eyes."""
        return any(row.chosen for row in self.left) or bool(self.relabelled)

    def changes(self) -> str:
        """What changed in the rows since the page was loaded, in a sentence or two."""
        said = []
        if gone := [row.label for row in self.left if not row.cited_meanwhile]:
            said.append(f"No longer on this page: {_names(gone)}.")
        if cited := [row.label for row in self.left if row.cited_meanwhile]:
            said.append(f"Cited from this source by someone else meanwhile: {_names(cited)}.")
        for was, now in self.relabelled:
            said.append(f"“{was}” is now “{now}”.")
        if self.new:
            said.append(f"New since the page was loaded, unticked: {_names(self.new)}.")
        return " ".join(said)

    def clean(self):
        if not self.intact:
            raise ValidationError(ALTERED, code="altered")
        if self.lost_ticks:
            raise ValidationError(
                "The rows of this page changed since it was loaded and a row you ticked is "
                f"among them. Nothing was saved. {self.changes()} Your ticks and passages are "
                "kept below; the passages of rows that left the page are shown to copy.",
                code="stale",
            )

    def chosen(self) -> dict[str, str]:
        """{key: passage} of the ticked open rows, in the page's order; once valid."""
        return {
            form.cleaned_data["key"]: form.cleaned_data["quote"]
            for form in self.forms
            if form.cleaned_data["chosen"]
        }

    def page_context(self) -> dict:
        """What the page's template needs: the formset (the post re-matched to the current
        rows, every passage as the curator left it), the errors of the whole post, whether
        a row has one, and the rows that left the page with their passages."""
        return {
            "formset": self,
            "page_errors": self.non_form_errors(),
            "has_errors": any(form.errors for form in self.forms),
            "left_rows": [row for row in self.left if row.quote or row.chosen],
        }

    @property
    def status(self) -> int:
        """400 when the post was refused, so a refused save is not mistaken for a page."""
        return 400 if self.is_bound and not self.is_valid() else 200


PassageFormSet = forms.formset_factory(PassageForm, formset=BasePassageFormSet, extra=0)
