"""Routes of the pictures area: timeline, coverage and the matrix."""

from django.urls import path

from ..page_cache import cached_page
from ..views import pictures

urlpatterns = [
    path("timeline/", cached_page(pictures.timeline), name="timeline"),
    path("coverage/", cached_page(pictures.coverage), name="coverage"),
    path("matrix/", cached_page(pictures.matrix), name="matrix"),
]
