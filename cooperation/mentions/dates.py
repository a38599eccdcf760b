"""The first date a sentence gives, at the precision it gives it."""

from __future__ import annotations

import datetime
import re

from ..models import DatePrecision

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = [
    (re.compile(rf"\b(?P<day>\d{{1,2}}) {_MONTH},? {_YEAR}\b", re.I), DatePrecision.DAY),
    (re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}}),? {_YEAR}\b", re.I), DatePrecision.DAY),
    (re.compile(rf"\b{_MONTH},? {_YEAR}\b", re.I), DatePrecision.MONTH),
    (re.compile(rf"(?<![\d$.,])\b{_YEAR}\b(?![\d,.]\d)"), DatePrecision.YEAR),
]


def date_in(sentence: str) -> tuple[datetime.date, str] | None:
    """The first date a sentence gives, stored at its precision (month → the 1st)."""
    for pattern, precision in DATE_PATTERNS:
        found = pattern.search(sentence)
        if not found:
            continue
        parts = found.groupdict()
        month = MONTHS[parts["month"].casefold()] if parts.get("month") else 1
        day = int(parts["day"]) if parts.get("day") else 1
        try:
            return datetime.date(int(parts["year"]), month, day), precision
        except ValueError:
            continue
    return None
