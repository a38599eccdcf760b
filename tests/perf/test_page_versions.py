"""A write marks stale exactly the cached pages that can show it (issue 16).

Each kind's list names the kinds it shows (`list_shows`); every other page shows every
kind. These tests check both halves: an edit shows at once on every page that showed
the entry, and a list stays cached through writes to kinds it does not show, because it
really does not show them.
"""

import re

import pytest
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from django.utils.html import escape

from cooperation.kinds import KINDS
from cooperation.models import Agreement, Event, Reference, Technology

pytestmark = pytest.mark.django_db

LISTS = [name for name, kind in KINDS.items() if kind.list_shows is not None]
PAGES = ["/", "/timeline/", "/coverage/", "/feed/"]
ENTITY_LINK = re.compile(
    r'href="(/(?:{})/[a-z0-9-]+/)"'.format("|".join(k.key_plural for k in KINDS.values()))
)


@pytest.fixture(autouse=True)
def _record(seed_data):
    # Entry URLs in English, whatever language an earlier test left active.
    with translation.override("en"):
        yield


def _list_urls(kind: str) -> list[str]:
    base = f"/{KINDS[kind].key_plural}/"
    busiest = Technology.objects.filter(parent=None).order_by("slug").first()
    return [base, f"{base}?technology={busiest.slug}", f"/ja{base}"]


def _perturb(kind: str) -> None:
    """Every entry of the kind renamed, and every other one unpublished."""
    model = KINDS[kind].model
    names = {f.name for f in model._meta.concrete_fields}
    renamed = {
        n: Concat(F(n), Value(" Zq")) for n in ("name", "title", "name_ja", "acronym") if n in names
    }
    model.objects.update(**renamed)
    half = list(model.objects.order_by("pk").values_list("pk", flat=True)[::2])
    model.objects.filter(pk__in=half).update(publication_status="draft")


@pytest.mark.parametrize("kind", LISTS)
def test_a_list_shows_no_kind_it_does_not_declare(client, settings, kind):
    settings.PAGE_CACHE_SECONDS = 0
    urls = _list_urls(kind)
    for other in sorted(set(KINDS) - set(KINDS[kind].list_shows)):
        before = {url: client.get(url).content for url in urls}
        with transaction.atomic():
            _perturb(other)
            after = {url: client.get(url).content for url in urls}
            transaction.set_rollback(True)
        changed = [url for url in urls if after[url] != before[url]]
        assert not changed, f"{changed} show {other} entries: add {other!r} to {kind}'s list_shows"


def test_a_list_stays_cached_through_writes_it_cannot_show(client):
    page = client.get("/agreements/").content.decode()
    event = Event.objects.published().first()
    event.name = "A renamed meeting"
    event.save()
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/agreements/")
    assert listed.status_code == 200 and len(queries) == 1  # the versions: a cache hit
    assert "A renamed meeting" in client.get(event.get_absolute_url()).content.decode()

    agreement = next(a for a in Agreement.objects.published() if escape(a.name) in page)
    agreement.name = "A renamed accord"
    agreement.save()
    assert "A renamed accord" in client.get("/agreements/").content.decode()


def _busiest(model):
    """A published entry whose page links to the most other entries."""
    entries = list(model.objects.published().order_by("pk")[:12])
    return max(entries, key=lambda e: len(set(ENTITY_LINK.findall(_page(e)))))


def _page(entry) -> str:
    from django.test import Client

    return Client().get(entry.get_absolute_url()).content.decode()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_edit_shows_on_every_page_that_showed_the_entry(client, kind):
    entry = _busiest(KINDS[kind].model)
    field = KINDS[kind].title_field
    old = escape(getattr(entry, field))
    own = entry.get_absolute_url()
    linked = sorted(set(ENTITY_LINK.findall(client.get(own).content.decode())))[:8]
    lists = [f"/{k.key_plural}/" for k in KINDS.values()]
    urls = [own, *linked, *PAGES, *lists, f"/ja/{KINDS[kind].key_plural}/"]
    showed = [url for url in urls if old in client.get(url).content.decode()]  # now cached
    assert own in showed and len(showed) > 3

    setattr(entry, field, "Renamed by the cache test")
    entry.save()

    assert "Renamed by the cache test" in _get(client, own)
    stale = [url for url in showed if _get(client, url) != _rendered(client, url)]
    assert not stale, f"served as cached before {old!r} was renamed"


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _rendered(client, url: str) -> str:
    """The page rendered now, past the cache."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        return _get(client, url)


def test_an_edited_reference_shows_on_the_pages_citing_it(client):
    reference = Reference.objects.filter(citations__isnull=False).order_by("pk").first()
    cited = reference.citations.exclude(agreement=None).first() or reference.citations.first()
    target = getattr(cited, cited.target_type)
    assert escape(reference.title) in _get(client, target.get_absolute_url())  # now cached

    reference.title = "A retitled public document"
    reference.save()

    assert "A retitled public document" in _get(client, target.get_absolute_url())
