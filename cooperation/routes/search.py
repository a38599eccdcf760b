from django.urls import path

from ..page_cache import cached_page
from ..views import search

urlpatterns = [
    path("search/", cached_page(search.search), name="search"),
    # Type-ahead is one indexed query per keystroke, each prefix seldom asked twice: not cached.
    path("search/suggest/", search.suggest, name="search-suggest"),
]
