"""Routes of discovery: feeds, the sitemap and robots.txt.

They come before the slug routes, so `/agreements/feed/` is never read as an
agreement whose slug is "feed".
"""

from django.urls import path

from ..kinds import KINDS
from ..page_cache import cached_page
from ..views import discovery

urlpatterns = [
    *(
        path(
            f"{KINDS[name].key_plural}/feed/",
            cached_page(view),
            name=f"{name}-feed",
        )
        for name, view in discovery.FEED_VIEWS.items()
    ),
    path("feed/", cached_page(discovery.latest_feed), name="feed"),
    path("sitemap.xml", cached_page(discovery.sitemap), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        cached_page(discovery.sitemap_section),
        name="sitemap-section",
    ),
    path("robots.txt", discovery.robots_txt, name="robots-txt"),
]
