"""What changed (issue 18): /changes/, its feed, and "last updated" on every entity page."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
import reversion
from django.db import transaction
from django.urls import reverse

from tests.browse import factories as make
from tests.browse.test_query_counts import queries_for

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def saved(entry, **changes):
    """Save `entry` as the admin does: one reversion revision."""
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.save()
    return entry


@pytest.fixture(autouse=True)
def _registered():
    # The admin registers the models with reversion; make sure it is loaded.
    import cooperation.admin  # noqa: F401


def changes_json(client) -> list[dict]:
    response = client.get(reverse("cooperation:changes"), {"format": "json"})
    assert response.status_code == 200
    return response.json()["changes"]


def test_changes_list_additions_and_edits_with_the_fields_changed(client):
    agreement = saved(make.agreement(name="Glide accord"))
    saved(agreement, summary="Now with a summary.", status="in_force")
    draft = saved(make.agreement(name="Secret draft", publication_status="draft"))
    saved(draft, summary="Draft edit.")
    found = changes_json(client)
    assert [(c["name"], c["action"]) for c in found] == [
        ("Glide accord", "edited"),
        ("Glide accord", "added"),
    ]
    assert sorted(found[0]["fields"]) == ["Status", "Summary"]
    page = client.get(reverse("cooperation:changes")).content.decode()
    assert f'<a href="{agreement.get_absolute_url()}">Glide accord</a>' in page
    assert "edited: " in page and "<strong>published</strong>" in page
    assert "Secret draft" not in page


def test_publishing_a_draft_is_an_addition_and_unpublishing_hides_it(client):
    event = saved(make.event(name="Quiet meeting", publication_status="draft"))
    assert changes_json(client) == []
    saved(event, publication_status="published")
    assert [(c["name"], c["action"]) for c in changes_json(client)] == [("Quiet meeting", "added")]
    saved(event, publication_status="draft")
    assert changes_json(client) == []


def test_changes_feed_has_one_entry_per_change_with_absolute_ids(client):
    agency = saved(make.agency(name="DIU"))
    saved(agency, description="Defense Innovation Unit.")
    response = client.get(reverse("cooperation:changes-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Agency: DIU (edited)",
        "Agency: DIU (published)",
    ]
    assert entries[0].find(f"{ATOM}summary").text == "Edited: Description"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("http://testserver/agencies/") for i in ids)
    assert feed.find(f"{ATOM}id").text == "http://testserver/changes/feed/"


def test_every_entity_page_says_when_it_was_last_updated(client):
    source = make.source()
    for entry in (make.agreement(), make.agency(), make.technology(), make.event(), source):
        page = client.get(entry.get_absolute_url()).content.decode()
        assert "Last updated <time datetime=" in page, entry
        assert f"{entry.updated_at:%-d %B %Y}</time>" in page


def _changes(n: int) -> None:
    for _ in range(n):
        agreement = saved(make.agreement())
        saved(agreement, summary="Edited.")
        saved(make.source())


@pytest.mark.parametrize("url_name", ["cooperation:changes", "cooperation:changes-feed"])
def test_changes_query_count_does_not_grow(client, url_name):
    _changes(1)
    one = queries_for(client, reverse(url_name))
    with transaction.atomic():  # one change set for the lot, as a bulk load writes
        _changes(60)
    many = queries_for(client, reverse(url_name))
    assert many == one <= 10
