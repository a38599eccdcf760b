"""Names, acronyms and slugs: one place for how an entry's name becomes its address and label."""

from __future__ import annotations

import re

from django.utils.text import slugify

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
