"""The first date a sentence gives, at the precision it gives it: "12 January 2023",
"January 2023", "2023", and the Japanese 2023年1月12日, 2023年1月, 2023年 (or 令和5年)."""

from __future__ import annotations

import datetime
import re

from ..models import DatePrecision
from .japanese import fold

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
# The Japanese year: Western (2023年) or of an era (令和5年, 令和元年 its first). A fiscal
# year (2023年度, April to March) is not a date.
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_JA_YEAR = rf"(?:(?<!\d){_YEAR}|(?P<era>{'|'.join(ERAS)})\s*(?P<era_year>元|\d{{1,2}}))\s*年(?!度)"
_JA_MONTH = r"\s*(?P<month_number>\d{1,2})\s*月"
DATE_PATTERNS = [
    (re.compile(rf"\b(?P<day>\d{{1,2}}) {_MONTH},? {_YEAR}\b", re.I), DatePrecision.DAY),
    (re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}}),? {_YEAR}\b", re.I), DatePrecision.DAY),
    (re.compile(rf"{_JA_YEAR}{_JA_MONTH}\s*(?P<day>\d{{1,2}})\s*日"), DatePrecision.DAY),
    (re.compile(rf"\b{_MONTH},? {_YEAR}\b", re.I), DatePrecision.MONTH),
    (re.compile(rf"{_JA_YEAR}{_JA_MONTH}"), DatePrecision.MONTH),
    (re.compile(rf"(?<![\d$.,])\b{_YEAR}\b(?![\d,.]\d)"), DatePrecision.YEAR),
    (re.compile(_JA_YEAR), DatePrecision.YEAR),
]


def _year(parts: dict) -> int:
    if parts.get("era"):
        number = parts["era_year"]
        return ERAS[parts["era"]] + (1 if number == "元" else int(number))
    return int(parts["year"])


def _month(parts: dict) -> int:
    if parts.get("month"):
        return MONTHS[parts["month"].casefold()]
    return int(parts.get("month_number") or 1)


def date_in(sentence: str) -> tuple[datetime.date, str] | None:
    """The first date a sentence gives, stored at its precision (month → the 1st)."""
    sentence = fold(sentence)  # ２０２３年 is 2023年
    for pattern, precision in DATE_PATTERNS:
        found = pattern.search(sentence)
        if not found:
            continue
        parts = found.groupdict()
        day = int(parts["day"]) if parts.get("day") else 1
        try:
            return datetime.date(_year(parts), _month(parts), day), precision
        except ValueError:
            continue
    return None
