from django.urls import path

from ..views import browse, home

urlpatterns = [
    path("", home.home, name="home"),
    # Entity pages (permalinks).
    path("agreements/<slug:slug>/", browse.agreement_detail, name="agreement-detail"),
    path("agencies/<slug:slug>/", browse.agency_detail, name="agency-detail"),
    path("technologies/<slug:slug>/", browse.technology_detail, name="technology-detail"),
    path("events/<slug:slug>/", browse.event_detail, name="event-detail"),
    path("sources/<slug:slug>/", browse.source_detail, name="source-detail"),
]
