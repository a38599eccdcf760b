"""sitemap.xml: every published entry's permalink, with its last change."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Agency, Agreement, Event, Source, Technology


class EntrySitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        # Only the fields the sitemap prints: a slug for the URL, a date for lastmod.
        return self.model.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    """The fixed pages a reader (or a crawler) starts from."""

    url_names = (
        "cooperation:home",
        "cooperation:agreement-list",
        "cooperation:agency-list",
        "cooperation:technology-list",
        "cooperation:event-list",
        "cooperation:source-list",
        "cooperation:timeline",
        "cooperation:matrix",
        "cooperation:coverage",
    )

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap(),
    **{
        model._meta.model_name: EntrySitemap(model)
        for model in (Agreement, Agency, Technology, Event, Source)
    },
}
