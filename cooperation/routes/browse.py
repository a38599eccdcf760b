from django.urls import path

from ..kinds import KINDS
from ..page_cache import cached_page
from ..views import browse, cards, home

urlpatterns = [
    path("", cached_page(home.home), name="home"),
    # Lists: every filter is a GET parameter, so a filtered list is a permalink.
    *(
        path(
            f"{kind.key_plural}/",
            cached_page(browse.LIST_VIEWS[name], shows=kind.list_shows),
            name=f"{name}-list",
        )
        for name, kind in KINDS.items()
    ),
    # Link-preview cards (og:image) of lists and entity pages.
    *(
        path(
            f"{kind.key_plural}/card.png",
            cached_page(cards.list_card(kind)),
            name=f"{name}-list-card",
        )
        for name, kind in KINDS.items()
    ),
    *(
        path(
            f"{kind.key_plural}/<slug:slug>/card.png",
            cached_page(cards.entity_card(kind)),
            name=f"{name}-card",
        )
        for name, kind in KINDS.items()
    ),
    # Entity pages (permalinks).
    *(
        path(
            f"{kind.key_plural}/<slug:slug>/",
            cached_page(browse.DETAIL_VIEWS[name]),
            name=f"{name}-detail",
        )
        for name, kind in KINDS.items()
    ),
]
