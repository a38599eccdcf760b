"""Assertions on output: nothing a visitor receives may run injected code."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
BAD_ELEMENTS = {"base", "iframe", "object", "embed", "frame", "frameset", "meta-refresh"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_inline = ""

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style (CSP forbids it)")
            if name in URL_ATTRIBUTES:
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}> script URL")
        if tag in BAD_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            self.problems.append("<meta http-equiv> element")
        if tag in {"script", "style"}:
            src = dict(attrs).get("src")
            same_site = src is not None and src.startswith("/") and not src.startswith("//")
            if tag == "script" and src is not None and not same_site:
                self.problems.append(f"<script src={src[:40]!r}> from outside the site")
            self._in_inline = tag
            if tag == "script" and dict(attrs).get("type") == "application/ld+json":
                # A data block (JSON-LD): browsers never run it and CSP does not
                # apply, but it must be JSON that cannot close its own element.
                self._in_inline = "ld+json"

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._in_inline = ""

    def handle_data(self, data):
        if self._in_inline == "ld+json":
            try:
                json.loads(data)
            except ValueError:
                self.problems.append(f"JSON-LD block is not JSON: {data.strip()[:40]!r}")
            if "<" in data:
                self.problems.append("JSON-LD block holds a raw '<'")
        elif self._in_inline and data.strip():
            self.problems.append(f"inline <{self._in_inline}> body {data.strip()[:40]!r}")


def html_problems(text: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(text)
    inspector.close()
    return inspector.problems


def response_problems(response, text: str) -> list[str]:
    """What in this response could run a payload, by its content type."""
    ctype = response.headers.get("Content-Type", "")
    problems = []
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if ctype.startswith("text/html"):
        problems += html_problems(text)
    elif ctype.startswith("application/json"):
        json.loads(text)  # data, never markup: a browser will not render it
    elif ctype.startswith("text/csv"):
        if "attachment" not in response.headers.get("Content-Disposition", ""):
            problems.append("CSV not served as an attachment")
        for row in csv.reader(io.StringIO(text)):
            problems += [
                f"CSV formula cell {c[:30]!r}" for c in row if c.startswith(FORMULA_PREFIXES)
            ]
    elif ctype.startswith("image/svg"):
        # An SVG opened on its own is a document: its scripts and handlers run.
        problems += html_problems(text)
    elif "xml" in ctype:
        root = ET.fromstring(text.encode())
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1]
            if local in {"script", "iframe", "svg"}:
                problems.append(f"<{local}> element in a feed")
            # Feed readers render these as HTML.
            if local in {"description", "summary", "content", "encoded"} and element.text:
                problems += [f"feed {local}: {p}" for p in html_problems(element.text)]
    elif not ctype.startswith(("text/plain", "image/")):
        # Inert with nosniff: plain text and raster pictures. Anything new gets a look first.
        problems.append(f"unexpected content type {ctype!r}; teach tests/prod/checks.py")
    return problems
