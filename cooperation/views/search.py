"""Search across every entity type (first version: names only, see cooperation.search)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import search as search_service
from ..models import Agency, Agreement, Event, Source, Technology

RESULTS_PER_TYPE = 20


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    groups = []
    if q.strip():
        for model in (Agreement, Agency, Technology, Event, Source):
            found = search_service.filter_queryset(model.objects.published(), q)
            groups.append((model._meta.verbose_name_plural, list(found[:RESULTS_PER_TYPE])))
    return render(request, "cooperation/search.html", {"q": q, "groups": groups})
