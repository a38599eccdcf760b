"""How the public site answers: one page in three formats, and its errors.

A view builds its data once and `respond` renders it in the format asked for.

A view passes the template and context for HTML, a callable giving the JSON
payload, and optionally a header and a row iterator for CSV. The format comes
from `?format=` (html, json or csv); anything else is a 400 naming `format`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from .querystring import query_string, with_query

HTML, JSON, CSV = "html", "json", "csv"
# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class BadParameters(Exception):
    """GET parameters that failed validation: {parameter name: message}."""

    def __init__(self, errors: Mapping[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def requested_format(request: HttpRequest, allowed: Iterable[str] = (HTML, JSON)) -> str:
    allowed = tuple(allowed)
    value = request.GET.get("format", HTML) or HTML
    if value not in allowed:
        message = gettext("Choose one of: %(formats)s.") % {"formats": ", ".join(allowed)}
        raise BadParameters({"format": message})
    return value


# Beyond any real page: a number longer than this is past the end, however it reads.
PAGE_DIGITS_MAX = 9


def page_from_text(raw: str) -> int | None:
    """A page number as typed in a URL; None when it is not a whole number.

    ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
    int() also refuses 4,300 digits and more: such a page is simply past the end.
    """
    raw = raw.strip() or "1"
    if not re.fullmatch(r"[0-9]+", raw):
        return None
    digits = raw.lstrip("0") or "0"
    return int(digits) if len(digits) <= PAGE_DIGITS_MAX else 10**PAGE_DIGITS_MAX


def wants_data(request: HttpRequest) -> bool:
    """Whether the request asked for a machine-readable twin: its errors are JSON too."""
    return request.GET.get("format") in (JSON, CSV)


def without_parameter(request: HttpRequest, name: str) -> str:
    """This page's URL less every value of `name` (and the page number, now meaningless)."""
    return with_query(request.path, query_string(request.GET, drop=(name, "page")))


def bad_request(request: HttpRequest, errors: Mapping[str, str]) -> HttpResponse:
    """A 400 that names each bad parameter, as JSON for the JSON twin, else as a page.

    The page offers, for each bad parameter, the same address without it: the
    other filters a user chose are kept rather than thrown away.
    """
    if wants_data(request):
        return JsonResponse({"errors": dict(errors)}, status=400)
    fixes = [
        {"name": name, "message": message, "url": without_parameter(request, name)}
        for name, message in errors.items()
    ]
    return render(
        request,
        "cooperation/bad_request.html",
        {"errors": dict(errors), "fixes": fixes},
        status=400,
    )


def not_found(
    request: HttpRequest, errors: Mapping[str, str], *, heading: str, links: list | None = None
) -> HttpResponse:
    """A 404 that says what was not found: `{"errors": ...}` for a twin, else a page.

    `links` are (label, url) pairs to where the user can go instead.
    """
    if wants_data(request):
        return JsonResponse({"errors": dict(errors)}, status=404)
    context = {"heading": heading, "errors": dict(errors), "links": links or []}
    return render(request, "cooperation/not_found.html", context, status=404)


def csv_cell(value) -> str:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    header: list[str], rows: Iterable[Iterable], filename: str
) -> StreamingHttpResponse:
    """Streamed, so an export of a large filtered list uses bounded memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([csv_cell(cell) for cell in header])  # headers can hold names
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def respond(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    json: Callable[[], dict],
    csv: tuple[list[str], Callable[[], Iterable[Iterable]], str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the page in the requested format; `csv` is (header, rows callable, filename)."""
    allowed = (HTML, JSON, CSV) if csv else (HTML, JSON)
    try:
        fmt = requested_format(request, allowed)
    except BadParameters as exc:
        return bad_request(request, exc.errors)
    if fmt == JSON:
        return json_response(json(), status=status)
    if fmt == CSV:
        header, rows, filename = csv
        return csv_response(header, rows(), filename)
    return render(request, template, context, status=status)
