from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = "U.S.–Japan cooperation"

    def ready(self) -> None:
        # The search index follows every change to the entities it is built from.
        from . import page_cache
        from .search.indexing import connect_signals

        connect_signals()
        # Cached pages go stale on every change to the content.
        page_cache.connect_signals()
