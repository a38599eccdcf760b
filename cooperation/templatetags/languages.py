"""Tags for the page's language. None of them runs a query.

{% load languages %}
{% language_links as languages %}   this page in each language (code, name, url,
                                    absolute_url, current), query string kept (or the
                                    view's `answered_query`)
{{ entity|local_name }}             the name in the page's language (Japanese first on /ja/)
{{ entity|name_beside }}            the English name beside a Japanese one, else ""
{{ day|human_date }}                a known day in the page's language
{{ entity.get_kind_display|translated }}  a label the models hold in English, translated
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from .. import i18n, presentation
from ..models import DatePrecision, format_fuzzy_date

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    request = context.get("request")
    if request is None:
        return []
    return i18n.alternates(request, context.get("answered_query"))


@register.filter
def local_name(entity) -> str:
    return presentation.local_name(entity)


@register.filter
def name_beside(entity) -> str:
    return presentation.name_beside(entity)


@register.filter
def human_date(value) -> str:
    """A known day as the page's language writes it: "12 January 2023", "2023年1月12日"."""
    if value is None or value == "":
        return ""
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return format_fuzzy_date(day, DatePrecision.DAY)


@register.filter
def translated(label) -> str:
    """A label the models hold in English (a kind, a status, a country), in the page's
    language: the catalogue has them (cooperation/choice_labels.py)."""
    return gettext(str(label)) if label else ""
