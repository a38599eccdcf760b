"""The Django admin where curators add, cite, review, publish and restore content.

One module per concern: base (publishing and concurrency shared by every content
admin), versions and history (what each saved version changed, restoring one entry),
forms, entities (agencies, technologies, agreements, events, citations) and sources
(with the mentions page shown after adding an article).
"""

from django.contrib import admin

from . import entities, references, sources  # noqa: F401  (registers the model admins)

admin.site.site_header = "U.S.–Japan cooperation: curators"
admin.site.site_title = "Curators"
admin.site.index_title = "Content"
