"""Routes of the pictures area."""

urlpatterns: list = []
