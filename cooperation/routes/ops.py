"""Routes of the ops area."""

from django.urls import path

from ..views import ops

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", ops.favicon, name="favicon"),
]
