"""The form of the pages where a curator ticks rows and gives each a passage of a source.

Two pages work this way: a source's mentions (tick the entries to cite, each with its
quote) and a reference's upgrade (tick the claims to turn into quotes of the source that
holds its text). Each row has a key; the form posts `<choice>` with the keys ticked and
`quote-<key>` with each passage, which must be found verbatim in the source's text.
"""

from __future__ import annotations

from django import forms
from django.utils.text import normalize_newlines

from ..models import QUOTE_MAX_LENGTH, Source


def quote_error(source: Source, quote: str) -> str:
    """Why a quote cannot cite this source, or "" when it can."""
    if not quote:
        return "The quote is empty: give the passage of the source that supports the entry."
    if len(quote) > QUOTE_MAX_LENGTH:
        return f"The quote is {len(quote)} characters long; keep it under {QUOTE_MAX_LENGTH}."
    if quote not in source.text:
        return "This quote is not found verbatim in the source’s text."
    return ""


class SuggestedPassage(forms.Textarea):
    """A passage the POST leaves out is the one suggested for the row."""

    def __init__(self, suggested: str):
        super().__init__()
        self.suggested = suggested

    def value_from_datadict(self, data, files, name):
        return data.get(name, self.suggested)


class PassagesForm(forms.Form):
    """Rows ticked under `choice`, each with a verbatim passage of `source`.

    `rows` maps each row's key to the passage suggested for it; keys in `closed` (a
    mention already cited) and unknown keys are ignored when ticked.
    """

    def __init__(
        self,
        source: Source,
        rows: dict[str, str],
        *,
        choice: str,
        closed: frozenset[str] = frozenset(),
        data=None,
    ):
        super().__init__(data)
        self.source, self.rows, self.choice, self.closed = source, rows, choice, closed
        self.fields[choice] = forms.Field(required=False, widget=forms.MultipleHiddenInput)
        for key, suggested in rows.items():
            self.fields[self.passage_name(key)] = forms.CharField(
                required=False, strip=False, widget=SuggestedPassage(suggested)
            )

    @staticmethod
    def passage_name(key: str) -> str:
        return f"quote-{key}"

    def clean(self):
        data = super().clean()
        ticked = {str(key) for key in data.get(self.choice) or ()}
        self.chosen = [key for key in self.rows if key in ticked and key not in self.closed]
        self.passages = {}
        for key in self.chosen:
            # Browsers send a textarea's line ends as CRLF; the text has LF.
            passage = normalize_newlines(data.get(self.passage_name(key), "")).strip()
            if error := quote_error(self.source, passage):
                self.add_error(self.passage_name(key), error)
            self.passages[key] = passage
        return data

    def ticked(self) -> set[str]:
        return {str(key) for key in self[self.choice].value() or ()}

    def passage_errors(self) -> dict[str, str]:
        """{row key: its passage's error}, for the rows of the page."""
        return {
            key: " ".join(self.errors[self.passage_name(key)])
            for key in self.rows
            if self.passage_name(key) in self.errors
        }

    def shown_passages(self) -> dict[str, str]:
        """Each row's passage as the curator posted it (kept on an error)."""
        return {key: self[self.passage_name(key)].value() for key in self.rows}
