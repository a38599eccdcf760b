"""Presentation helpers: turning stored text into safe HTML for the templates,
and an entry's name in the reader's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .kinds import LinkedData, kind_of
from .kinds.base import japanese_name


def _merged_spans(paragraph: str, ids_by_quote: dict[str, list[int]], placed: set[str]):
    """(start, end, [citation ids]) of the quotes first found in this paragraph, merged
    where they overlap."""
    spans = []
    for quote, ids in ids_by_quote.items():
        start = -1 if quote in placed else paragraph.find(quote)
        if start >= 0:
            placed.add(quote)
            spans.append([start, start + len(quote), list(ids)])
    spans.sort()
    merged: list[list] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
            merged[-1][2].extend(span[2])
        else:
            merged.append(span)
    return merged


def _marked(paragraph: str, spans) -> str:
    parts, cursor = [], 0
    for start, end, ids in spans:
        parts.append(escape(paragraph[cursor:start]))
        anchors = "".join(f'<span id="citation-{pk}"></span>' for pk in ids[1:])
        parts.append(
            f'<mark class="cited" id="citation-{ids[0]}">{anchors}'
            f"{escape(paragraph[start:end])}</mark>"
        )
        cursor = end
    parts.append(escape(paragraph[cursor:]))
    return "".join(parts).replace("\n", "<br>")


def highlighted_paragraphs(text: str, citations) -> list[SafeString]:
    """The source text as escaped paragraphs, each cited passage in a <mark> anchor.

    The mark's id is `citation-<pk>` of its first citation, so the link from an
    entity's citation lands on the passage; further citations of the same
    passage get empty anchors inside it. Overlapping passages merge. A quote
    that spans paragraphs gets an anchor where it begins, so its link still lands.
    """
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    ids_by_quote: dict[str, list[int]] = {}
    for citation in citations:
        ids_by_quote.setdefault(citation.quote, []).append(citation.pk)
    placed: set[str] = set()
    rendered = [_marked(p, _merged_spans(p, ids_by_quote, placed)) for p in paragraphs]
    for quote, ids in ids_by_quote.items():
        if quote in placed or not rendered:
            continue
        head = quote.split("\n", 1)[0][:60]
        index = next((i for i, p in enumerate(paragraphs) if head and head in p), 0)
        anchors = "".join(f'<span id="citation-{pk}"></span>' for pk in ids)
        rendered[index] = anchors + rendered[index]
    # Every piece of text was escaped above; only our own tags are left raw.
    return [mark_safe(html) for html in rendered]


def safe_link(url: str) -> str:
    """`url` if it may become an href (http or https only), else ''."""
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") else ""


def structured_data(request, entity, related=None, citations=None) -> dict:
    """schema.org description of one entity page; fields the sources leave empty stay out.

    `related` and `citations` are what the page shows (cooperation/related.py); without
    them the entity's relations are read whole.
    """
    url = request.build_absolute_uri(entity.get_absolute_url())
    data: dict = {"@context": "https://schema.org", "@id": url, "url": url, "name": str(entity)}
    data |= kind_of(entity).json_ld(LinkedData(request, entity, related or {}, citations))
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def local_name(entity) -> str:
    """The entry's name as the page's reader reads it: on a Japanese page its Japanese
    name where it has one (`name_ja`), else, and on English pages, its usual name."""
    if entity is None:
        return ""
    if translation.get_language() == "ja":
        name = japanese_name(entity)
        if name:
            return name
    return str(entity)


def name_beside(entity) -> str:
    """The English name shown beside a Japanese one; empty where the page shows the
    English name already."""
    if translation.get_language() == "ja" and japanese_name(entity):
        return str(entity)
    return ""
