"""Routes of the ops area."""

urlpatterns: list = []
