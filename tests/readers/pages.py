"""One page of each kind, as the validators see them (vnu here, axe-core in the browser)."""

from __future__ import annotations

from cooperation.models import Agency, Agreement, Event, Source, Technology


def pages_of_each_kind() -> dict[str, str]:
    """{name: path}: every template a reader can reach, with the seed data loaded."""
    area = Technology.objects.published().filter(agreements__isnull=False).first()
    return {
        "home": "/",
        "agreements": "/agreements/?technology=hypersonics",
        "agreements-table": "/agreements/?view=table&sort=-parties",
        "agencies": "/agencies/",
        "technologies-table": "/technologies/?view=table",
        "events": "/events/",
        "sources": "/sources/",
        "agreement": Agreement.objects.published().first().get_absolute_url(),
        "agency": Agency.objects.published().get(slug="darpa").get_absolute_url(),
        "technology": area.get_absolute_url(),
        "event": Event.objects.published().first().get_absolute_url(),
        "source": Source.objects.published().first().get_absolute_url(),
        "search": "/search/?q=hypersonic",
        "search-nothing": "/search/?q=dapra",
        "timeline": "/timeline/",
        "matrix": "/matrix/",
        "coverage": "/coverage/",
        "changes": "/changes/",
        "not-found": "/agencies/dapra/",
        "bad-request": "/agreements/?year_from=abc",
        "admin-login": "/admin/login/",
    }
