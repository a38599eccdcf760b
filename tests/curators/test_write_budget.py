"""What one admin save costs, and what follows it (issue 13's write budget).

A save of an agreement with six citations, through the change view as a curator's
browser posts it: the queries of the whole request, the index updates and the page-cache
invalidations (content version bumps) that follow its commit.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.models import Agency, Agreement, ContentVersion
from cooperation.search import indexing

pytestmark = pytest.mark.django_db

SLUG = "mou-for-rdte"  # six citations, two parties, four technologies, one agreement built on


@pytest.fixture
def follow_ups(monkeypatch):
    """The index updates and version bumps, as they happen."""
    seen = {"index": [], "bumps": 0}
    update_index, bump = indexing.update_index, ContentVersion.bump.__func__

    def counting_update(entries, named):
        seen["index"].append(({k: set(v) for k, v in entries.items()}, dict(named)))
        return update_index(entries, named)

    def counting_bump(cls, scopes):
        seen["bumps"] += 1
        return bump(cls, scopes)

    monkeypatch.setattr(indexing, "update_index", counting_update)
    monkeypatch.setattr(ContentVersion, "bump", classmethod(counting_bump))
    return seen


def _save(client, form_data, agreement, **changes) -> int:
    url = reverse("admin:cooperation_agreement_change", args=[agreement.pk])
    data = form_data(client.get(url), **changes)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries)


def _found(client, q: str) -> list[str]:
    data = client.get("/search/", {"q": q, "format": "json"}).json()
    return [r["url"].rstrip("/").rsplit("/", 1)[-1] for r in data["results"]]


def test_a_summary_edit_costs_25_queries_one_index_update_one_invalidation(
    seed_data, curator_client, form_data, follow_ups, client
):
    agreement = Agreement.objects.get(slug=SLUG)
    page = agreement.get_absolute_url()
    assert "Quokka" not in client.get(page).content.decode()  # now cached

    queries = _save(curator_client, form_data, agreement, summary="Quokka trials under the MOU.")

    assert queries <= 25
    assert follow_ups["index"] == [({"agreement": {agreement.pk}}, {})]
    assert follow_ups["bumps"] == 1
    # What the public sees follows at once: the search index and the cached page.
    assert _found(client, "quokka") == [SLUG]
    assert "Quokka trials under the MOU." in client.get(page).content.decode()
    agreement.refresh_from_db()
    assert agreement.summary == "Quokka trials under the MOU."
    assert agreement.citations.count() == 6  # untouched citations are kept as they were


def test_two_relations_changed_as_well_cost_40_queries_and_still_one_update(
    seed_data, curator_client, form_data, follow_ups, client
):
    agreement = Agreement.objects.get(slug=SLUG)
    parties = [str(pk) for pk in agreement.parties.values_list("pk", flat=True)]
    joining = Agency.objects.published().exclude(pk__in=parties).order_by("name").first()
    technologies = list(agreement.technologies.order_by("name"))
    leaving = technologies[0]

    queries = _save(
        curator_client,
        form_data,
        agreement,
        summary="Quokka trials under the MOU.",
        parties=[*parties, str(joining.pk)],
        technologies=[str(t.pk) for t in technologies[1:]],
    )

    assert queries <= 40
    # The relations are part of the agreement's text only: the agency and the
    # technology are not re-indexed.
    assert follow_ups["index"] == [({"agreement": {agreement.pk}}, {})]
    assert follow_ups["bumps"] == 1
    assert SLUG in _found(client, f"quokka {joining.name}")
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert joining.name in page
    assert set(agreement.technologies.all()) == set(technologies[1:])
    assert leaving not in agreement.technologies.all()


def test_a_rename_keeps_the_old_address_and_renames_it_where_others_show_it(
    seed_data, curator_client, form_data, follow_ups, client
):
    agreement = Agreement.objects.get(slug=SLUG)
    old_page = agreement.get_absolute_url()
    _save(curator_client, form_data, agreement, name="Quokka accord", slug="quokka-accord")

    ((entries, named),) = follow_ups["index"]
    assert entries == {"agreement": {agreement.pk}}
    assert named == {"agreement": {agreement.pk}}  # its neighbours name it: re-indexed too
    assert follow_ups["bumps"] == 1
    response = client.get(old_page)
    assert response.status_code == 301
    assert response["Location"].endswith("/agreements/quokka-accord/")
    events = agreement.events.published()
    assert events.exists()
    hits = _found(client, "quokka")
    assert "quokka-accord" in hits
    assert {e.slug for e in events} <= set(hits)  # events that list it, by its new name
