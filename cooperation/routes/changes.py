"""Routes of what changed: the page and its feed (before the slug routes)."""

from django.urls import path

from ..page_cache import cached_page
from ..views import changes

urlpatterns = [
    path("changes/", cached_page(changes.changes), name="changes"),
    path("changes/feed/", cached_page(changes.changes_feed), name="changes-feed"),
]
