"""The sitemap: every published entry's permalink, with its last change.

/sitemap.xml (where robots.txt points) is a sitemap index: one section a kind of
entry, /sitemap-<section>.xml, each split into files of at most SECTION_SIZE URLs
(?p=2, ?p=3…), all listed in the index. The sitemaps.org protocol allows 50,000 URLs
a file; past that, a crawler ignores the rest.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .kinds import KINDS

SECTION_SIZE = 50_000


class EntrySitemap(Sitemap):
    limit = SECTION_SIZE

    def __init__(self, model):
        self.model = model

    def items(self):
        # Only the fields the sitemap prints: a slug for the URL, a date for lastmod.
        return self.model.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, not every row of the section read into memory.
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    """The fixed pages a reader (or a crawler) starts from."""

    limit = SECTION_SIZE

    url_names = (
        "cooperation:home",
        *(kind.list_url_name for kind in KINDS.values()),
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
    **{name: EntrySitemap(kind.model) for name, kind in KINDS.items()},
}
