from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # The admin follows the curator's browser language (cooperation/i18n.py), unprefixed.
    path("admin/", admin.site.urls),
    # Every public route in English at its permalink and in Japanese under /ja/. The
    # language-neutral ones (healthz, robots.txt) answer under /ja/ too, harmlessly; the
    # sitemap under /ja/ lists the Japanese pages.
    *i18n_patterns(path("", include("cooperation.routes")), prefix_default_language=False),
]
