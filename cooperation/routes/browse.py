from django.urls import path

from ..page_cache import cached_page
from ..views import browse, home

urlpatterns = [
    path("", cached_page(home.home), name="home"),
    # Lists: every filter is a GET parameter, so a filtered list is a permalink.
    path("agreements/", cached_page(browse.agreement_list), name="agreement-list"),
    path("agencies/", cached_page(browse.agency_list), name="agency-list"),
    path("technologies/", cached_page(browse.technology_list), name="technology-list"),
    path("events/", cached_page(browse.event_list), name="event-list"),
    path("sources/", cached_page(browse.source_list), name="source-list"),
    # Entity pages (permalinks).
    path("agreements/<slug:slug>/", cached_page(browse.agreement_detail), name="agreement-detail"),
    path("agencies/<slug:slug>/", cached_page(browse.agency_detail), name="agency-detail"),
    path(
        "technologies/<slug:slug>/", cached_page(browse.technology_detail), name="technology-detail"
    ),
    path("events/<slug:slug>/", cached_page(browse.event_detail), name="event-detail"),
    path("sources/<slug:slug>/", cached_page(browse.source_detail), name="source-detail"),
]
