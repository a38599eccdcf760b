from django.urls import path

from ..views import search

urlpatterns = [
    path("search/", search.search, name="search"),
    path("search/suggest/", search.suggest, name="search-suggest"),
]
