"""/search/ (HTML and its JSON twin) and /search/suggest/ (type-ahead JSON)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import search as search_service
from ..kinds import KINDS
from ..models import Technology
from ..querystring import query_string
from ..responses import bad_request, not_found, page_from_text, respond
from ..search import MAX_QUERY_LENGTH, Filters, PageNotFound

TYPE_NAMES = ", ".join(list(KINDS)[:-1]) + " or " + list(KINDS)[-1]
TYPE_CHOICES = [("", _("All types"))] + [(name, kind.plural) for name, kind in KINDS.items()]


class QueryField(forms.CharField):
    """Any text is a valid query: NUL bytes are dropped, not refused."""

    def to_python(self, value):
        return search_service.prepare(str(value or ""))[0]


class PageField(forms.CharField):
    """A page number, as on the list pages: not a number is a 400, no such page a 404."""

    default_error_messages = {"invalid": _("Enter a page number (a whole number, 1 or more).")}

    def to_python(self, value):
        number = page_from_text(super().to_python(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class SearchForm(forms.Form):
    q = QueryField(required=False)
    type = forms.ChoiceField(choices=TYPE_CHOICES, required=False)
    technology = forms.ChoiceField(required=False)
    page = PageField(required=False)

    def __init__(self, data, technologies):
        super().__init__(data)
        self.technologies = {t.slug: t for t in technologies}
        self.fields["technology"].choices = [("", gettext("Any technology"))] + [
            (t.slug, t.name) for t in technologies
        ]
        self.fields["technology"].error_messages["invalid_choice"] = gettext(
            "No published technology area has the slug %(value)s."
        )
        # The type names are parameter values, the same in every language.
        self.fields["type"].error_messages["invalid_choice"] = gettext(
            "%(value)s is not a type; choose {types}."
        ).format(types=TYPE_NAMES)


def _page_url(request: HttpRequest, q: str, page: int | None) -> str | None:
    if page is None:
        return None
    # The query as searched: a 10,000-character one is cut, and so are its links.
    query = query_string(request.GET, set={"q": q, "page": page})
    return request.build_absolute_uri(f"{request.path}?{query}")


def _no_such_page(request: HttpRequest, number: int) -> HttpResponse:
    message = gettext("There is no page %(number)s of these results.") % {"number": number}
    return not_found(request, {"page": message}, heading=gettext("No such page"))


def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    technologies = list(Technology.objects.published().only("id", "slug", "name", "name_ja"))
    form = SearchForm(request.GET, technologies)
    if not form.is_valid():
        errors = {name: " ".join(messages) for name, messages in form.errors.items()}
        return bad_request(request, errors)
    data = form.cleaned_data
    if data["page"] < 1:
        return _no_such_page(request, data["page"])
    technology = form.technologies.get(data["technology"] or "")
    filters = Filters(data["type"] or None, technology.pk if technology else None)
    try:
        found = search_service.search(data["q"], filters, data["page"])
    except PageNotFound:
        return _no_such_page(request, data["page"])
    truncated = search_service.prepare(raw)[1]

    def as_json() -> dict:
        return {
            "count": found.count,
            "next": _page_url(request, data["q"], found.page + 1 if found.has_next else None),
            "previous": _page_url(
                request, data["q"], found.page - 1 if found.has_previous else None
            ),
            "results": [r.as_json() for r in found.results],
            "facets": {"type": {f.type: f.count for f in found.facets}},
            "suggestion": found.suggestion,
        }

    context = {
        "form": form,
        "found": found,
        "q": data["q"],
        "truncated": truncated,
        "max_length": MAX_QUERY_LENGTH,
        "technologies": technologies,
        "technology": technology,
        "type_choices": TYPE_CHOICES[1:],
        # The language switch links the query as searched, not a cut one's whole text.
        "answered_query": query_string(request.GET, set={"q": data["q"]}) if truncated else None,
    }
    return respond(request, template="cooperation/search.html", context=context, json=as_json)


def suggest(request: HttpRequest) -> JsonResponse:
    """Type-ahead: names, acronyms and aliases starting with q (JSON only)."""
    return JsonResponse(
        {"results": search_service.typeahead(request.GET.get("q", ""))},
        json_dumps_params={"ensure_ascii": False},
    )
