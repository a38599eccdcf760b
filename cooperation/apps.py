from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = "U.S.–Japan cooperation"

    def ready(self) -> None:
        # Every write records what changed; after commit, slug history, the search
        # index and the page cache follow (cooperation/changes.py).
        from .changes import connect_signals

        connect_signals()
