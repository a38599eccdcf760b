from django.urls import path

from ..views import browse, home

urlpatterns = [
    path("", home.home, name="home"),
    # Lists: every filter is a GET parameter, so a filtered list is a permalink.
    path("agreements/", browse.agreement_list, name="agreement-list"),
    path("agencies/", browse.agency_list, name="agency-list"),
    path("technologies/", browse.technology_list, name="technology-list"),
    path("events/", browse.event_list, name="event-list"),
    path("sources/", browse.source_list, name="source-list"),
    # Entity pages (permalinks).
    path("agreements/<slug:slug>/", browse.agreement_detail, name="agreement-detail"),
    path("agencies/<slug:slug>/", browse.agency_detail, name="agency-detail"),
    path("technologies/<slug:slug>/", browse.technology_detail, name="technology-detail"),
    path("events/<slug:slug>/", browse.event_detail, name="event-detail"),
    path("sources/<slug:slug>/", browse.source_detail, name="source-detail"),
]
