"""The public site's routes, one module per area so each area owns its URLs.

The URL contract of entity pages is fixed: permalinks are shared. Fixed-word
routes (feeds, search) come before the slug routes they would otherwise shadow.
"""

from . import browse, changes, discovery, ops, pictures, search

app_name = "cooperation"

urlpatterns = [
    *ops.urlpatterns,
    *search.urlpatterns,
    *pictures.urlpatterns,
    *discovery.urlpatterns,
    *changes.urlpatterns,
    *browse.urlpatterns,
]
