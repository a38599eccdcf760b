"""Routes of the pictures area: pictures, feeds and discovery files.

They come before the slug routes, so `/agreements/feed/` is never read as an
agreement whose slug is "feed".
"""

from django.urls import path

from ..views import pictures

urlpatterns = [
    path("timeline/", pictures.timeline, name="timeline"),
    path("agreements/feed/", pictures.agreement_feed, name="agreement-feed"),
    path("events/feed/", pictures.event_feed, name="event-feed"),
    path("coverage/", pictures.coverage, name="coverage"),
    path("matrix/", pictures.matrix, name="matrix"),
    path("feed/", pictures.latest_feed, name="feed"),
    path("sitemap.xml", pictures.sitemap, name="sitemap"),
    path("robots.txt", pictures.robots_txt, name="robots-txt"),
]
