from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = "U.S.–Japan cooperation"

    def ready(self) -> None:
        # The search index follows every change to the entities it is built from.
        from .search.indexing import connect_signals

        connect_signals()
