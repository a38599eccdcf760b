"""Entity pages. Every page shows only published entries."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Agency, Agreement, Citation, Event, Source, Technology


def _citations():
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def _detail(request: HttpRequest, queryset, slug: str) -> HttpResponse:
    entity = get_object_or_404(queryset.published(), slug=slug)
    return render(request, "cooperation/detail.html", {"entity": entity})


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Agreement.objects.prefetch_related(_citations()), slug)


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Agency.objects.prefetch_related(_citations()), slug)


def technology_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Technology.objects.prefetch_related(_citations()), slug)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Event.objects.prefetch_related(_citations()), slug)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, Source.objects.all(), slug)
