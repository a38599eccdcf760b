"""Routes of the pictures area: pictures, feeds and discovery files.

They come before the slug routes, so `/agreements/feed/` is never read as an
agreement whose slug is "feed".
"""

from django.urls import path

from ..page_cache import cached_page
from ..views import pictures

urlpatterns = [
    path("timeline/", cached_page(pictures.timeline), name="timeline"),
    path("agreements/feed/", cached_page(pictures.agreement_feed), name="agreement-feed"),
    path("events/feed/", cached_page(pictures.event_feed), name="event-feed"),
    path("coverage/", cached_page(pictures.coverage), name="coverage"),
    path("matrix/", cached_page(pictures.matrix), name="matrix"),
    path("feed/", cached_page(pictures.latest_feed), name="feed"),
    path("sitemap.xml", cached_page(pictures.sitemap), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        cached_page(pictures.sitemap_section),
        name="sitemap-section",
    ),
    path("robots.txt", pictures.robots_txt, name="robots-txt"),
]
