"""The public record of what changed: /changes/ (HTML and JSON) and its Atom feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import recent_changes as change_service
from ..feeds import SITE_TITLE, xml_text
from ..responses import respond


def describe(change: change_service.Change) -> str:
    if change.action == change_service.ADDED:
        return "Published"
    return "Edited: " + ", ".join(change.fields)


def changes(request: HttpRequest) -> HttpResponse:
    found = change_service.recent_changes()

    def as_json() -> dict:
        return {
            "changes": [
                {
                    "type": c.entity._meta.model_name,
                    "slug": c.entity.slug,
                    "name": str(c.entity),
                    "url": request.build_absolute_uri(c.entity.get_absolute_url()),
                    "action": c.action,
                    "fields": c.fields,
                    "when": c.when.isoformat(),
                }
                for c in found
            ]
        }

    return respond(
        request,
        template="changes/changes.html",
        context={
            "changes": found,
            "limit": change_service.LIMIT,
            "canonical_url": request.build_absolute_uri(reverse("cooperation:changes")),
        },
        json=as_json,
    )


class ChangesFeed(Feed):
    """The same changes as Atom: one entry per addition or edit."""

    feed_type = Atom1Feed
    subtitle = _("Entries published or edited in the knowledge base, newest first.")
    author_name = SITE_TITLE

    def title(self) -> str:
        return f"{gettext('What changed')} · {SITE_TITLE}"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> HttpRequest:
        return request

    def link(self, request: HttpRequest) -> str:
        return reverse("cooperation:changes")

    def feed_guid(self, request: HttpRequest) -> str:
        return request.build_absolute_uri(reverse("cooperation:changes-feed"))

    def items(self, request: HttpRequest):
        found = change_service.recent_changes()
        for change in found:
            # Atom ids are absolute: the entry's address, told apart by the version.
            change.guid = request.build_absolute_uri(
                f"{change.entity.get_absolute_url()}#change-{change.version_id}"
            )
        return found

    def item_title(self, item: change_service.Change) -> str:
        return xml_text(
            f"{item.kind_label}: {item.entity} ({describe(item).split(':')[0].lower()})"
        )

    def item_description(self, item: change_service.Change) -> str:
        return escape(xml_text(describe(item)))

    def item_link(self, item: change_service.Change) -> str:
        return item.entity.get_absolute_url()

    def item_guid(self, item: change_service.Change) -> str:
        # One entity changes many times: each change is an entry of its own.
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: change_service.Change):
        return item.when

    def item_updateddate(self, item: change_service.Change):
        return item.when


changes_feed = ChangesFeed()
