"""Filtered lists that read well when shared: a clean URL and a title naming the filters.

- `clean_url`: the address without blank parameters (`?q=&year_from=`, what a plain
  form submits for its empty fields), for a permanent redirect;
- `filtered_title`: "Agreements on Hypersonics, legally binding, 2020–2024", for the
  page's <title> and its link preview (og:title).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.utils import translation

from .facets import Chip

# Parameters whose blank value is not "no filter" but a format the page answers.
_DATA_FORMATS = ("json", "csv")


def clean_url(request: HttpRequest) -> str | None:
    """This page's URL less its blank parameters, or None when it has none.

    Only for pages (a machine-readable twin keeps answering as it always did):
    a shared link then carries only the filters that are in use.
    """
    if request.GET.get("format") in _DATA_FORMATS:
        return None
    params = request.GET.copy()
    changed = False
    for name, values in list(params.lists()):
        kept = [v for v in values if v.strip()]
        if kept != values:
            changed = True
            if kept:
                params.setlist(name, kept)
            else:
                del params[name]
    if not changed:
        return None
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def _joined(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


# How each filter reads in a title, given its values' labels.
_PHRASES = {
    "technology": lambda v: f"on {_joined(v)}",
    "agency": lambda v: f"with {_joined(v)}",
    "country": lambda v: f"in {_joined(v)}",
    "kind": lambda v: f"of kind {_joined(v).lower()}",
    "status": lambda v: f"status {_joined(v).lower()}",
    "publisher": lambda v: f"published by {_joined(v)}",
    "q": lambda v: f"matching “{v[0]}”",
}
_BINDING = {"Legally binding": "legally binding", "Not binding": "not legally binding"}


def filter_phrases(chips: Sequence[Chip]) -> list[str]:
    values: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for chip in chips:
        values.setdefault(chip.name, []).append(str(chip.value))
        labels[chip.name] = str(chip.label).lower()
    phrases = []
    for name, shown in values.items():
        if name in ("year_from", "year_to"):
            continue
        if name == "country" and "party" in labels[name]:
            phrases.append(f"with parties from {_joined(shown)}")
        elif name == "country" and "participant" in labels[name]:
            phrases.append(f"with participants from {_joined(shown)}")
        elif name == "binding":
            phrases.append(_joined([_BINDING.get(v, "binding not stated") for v in shown]))
        elif name in _PHRASES:
            phrases.append(_PHRASES[name](shown))
        else:
            phrases.append(f"{name}: {_joined(shown)}")
    start, end = values.get("year_from", [""])[0], values.get("year_to", [""])[0]
    if start and end:
        phrases.append(start if start == end else f"{start}–{end}")
    elif start:
        phrases.append(f"from {start}")
    elif end:
        phrases.append(f"up to {end}")
    return phrases


def _japanese_phrases(chips: Sequence[Chip]) -> list[str]:
    """The filters as Japanese titles list them: "技術分野: 極超音速・量子"."""
    values: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for chip in chips:
        values.setdefault(chip.name, []).append(str(chip.value))
        labels[chip.name] = str(chip.label)
    return [f"{labels[name]}: {'・'.join(shown)}" for name, shown in values.items()]


def filtered_title(title: str, chips: Sequence[Chip]) -> str:
    """The list's title with its filters in words; the plain title when unfiltered.

    English reads them as a phrase ("Agreements on Hypersonics, legally binding");
    Japanese, whose word order the phrases cannot follow, lists them in brackets."""
    if translation.get_language() == "ja":
        listed = _japanese_phrases(chips)
        return f"{title}（{'、'.join(listed)}）" if listed else str(title)
    phrases = filter_phrases(chips)
    return f"{title} {', '.join(phrases)}" if phrases else title
