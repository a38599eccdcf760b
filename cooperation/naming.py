"""Names, acronyms and slugs: one place for how an entry's name becomes its address and label."""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from django.utils.translation import get_language

# Every dash a name may hold: hyphen, non-breaking hyphen, figure, en and em dashes, the
# horizontal bar and the minus sign. Each is a word break in a slug.
DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
SLUG_MAX_LENGTH = 120


def slug_from_name(name: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """ "Biden–Kishida meeting" → "biden-kishida-meeting", not "bidenkishida-meeting"."""
    slug = slugify(DASHES.sub(" ", name or ""))
    return slug[:max_length].rstrip("-")


def acronym_in_name(name: str, acronym: str) -> bool:
    """The acronym is already a word of the name: "Glide Phase Interceptor (GPI) programme"."""
    acronym = (acronym or "").strip()
    pattern = rf"(?<!\w){re.escape(acronym)}(?!\w)"
    return bool(acronym) and re.search(pattern, name or "") is not None


def name_with_acronym(name: str, acronym: str) -> str:
    """How an entry is labelled: its name, then its acronym unless the name already says it."""
    if not acronym or acronym_in_name(name, acronym):
        return name
    return f"{name} ({acronym})"


# An entry page's address is its URL name's pattern with the slug in it: reversed once per
# URL name, language and URL prefix, then filled in. A list links dozens of entries, and
# reverse() walks the URL patterns for each (about 0.1 ms).
_SLUG = "slug-placeholder"


@functools.lru_cache(maxsize=256)
def _around_slug(url_name: str, urlconf: str, language: str | None, prefix: str) -> tuple:
    before, _, after = reverse(url_name, kwargs={"slug": _SLUG}).partition(_SLUG)
    return before, after


def slug_url(url_name: str, slug: str) -> str:
    """reverse(url_name, kwargs={"slug": slug}), for the slugs a SlugField holds."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(url_name, urlconf, get_language(), get_script_prefix())
    return f"{before}{slug}{after}"
