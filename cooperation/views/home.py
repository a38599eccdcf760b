from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Agency, Agreement, Event, Source, Technology


def home(request: HttpRequest) -> HttpResponse:
    counts = [
        (model._meta.verbose_name_plural, model.objects.published().count())
        for model in (Agreement, Agency, Technology, Event, Source)
    ]
    return render(request, "cooperation/home.html", {"counts": counts})
