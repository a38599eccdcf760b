"""A renamed slug keeps working: the old URL answers 301 to the new one."""

import pytest

from cooperation.models import SlugRedirect

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("build", "prefix"),
    [
        (f.agreement, "/agreements/"),
        (f.agency, "/agencies/"),
        (f.technology, "/technologies/"),
        (f.event, "/events/"),
        (f.source, "/sources/"),
    ],
)
def test_old_slug_redirects_permanently(client, build, prefix):
    entity = build(slug="old-name")
    entity.slug = "new-name"
    entity.save()
    response = client.get(f"{prefix}old-name/")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}new-name/"
    assert client.get(f"{prefix}new-name/").status_code == 200


def test_redirect_keeps_the_query_string_and_follows_renames(client):
    a = f.agreement(slug="first")
    a.slug = "second"
    a.save()
    a.slug = "third"
    a.save()
    response = client.get("/agreements/first/", {"format": "json"})
    assert response.status_code == 301
    assert response["Location"] == "/agreements/third/?format=json"
    assert client.get("/agreements/second/")["Location"] == "/agreements/third/"


def test_renaming_back_reclaims_the_slug(client):
    a = f.agreement(slug="alpha")
    a.slug = "beta"
    a.save()
    a.slug = "alpha"
    a.save()
    assert client.get("/agreements/alpha/").status_code == 200
    assert client.get("/agreements/beta/")["Location"] == "/agreements/alpha/"
    assert not SlugRedirect.objects.filter(old_slug="alpha").exists()


def test_a_live_slug_wins_over_history_and_types_do_not_mix(client):
    a = f.agreement(slug="shared")
    a.slug = "moved"
    a.save()
    other = f.agreement(slug="shared")
    assert client.get("/agreements/shared/").context["entity"] == other
    assert client.get("/events/shared/").status_code == 404


def test_history_of_a_draft_is_404_for_the_public(client):
    a = f.agreement(slug="was", publication_status="draft")
    a.slug = "is"
    a.save()
    assert client.get("/agreements/was/").status_code == 404


@pytest.mark.parametrize(
    ("path", "name", "build"),
    [
        ("/agreements/", "technology", f.technology),
        ("/agreements/", "agency", f.agency),
        ("/events/", "technology", f.technology),
        ("/events/", "agency", f.agency),
        ("/agencies/", "technology", f.technology),
    ],
)
def test_a_filtered_list_with_a_former_slug_redirects(client, path, name, build):
    # A shared filtered list is a permalink too: renaming an area or an agency
    # must not turn `?technology=<old slug>` into a 400.
    renamed = build(slug="old-name")
    build(slug="kept")
    renamed.slug = "new-name"
    renamed.save()
    response = client.get(path, [(name, "old-name"), (name, "kept"), ("sort", "name")])
    assert response.status_code == 301
    assert response["Location"] == f"{path}?{name}=new-name&{name}=kept&sort=name"
    assert client.get(response["Location"]).status_code == 200
    response = client.get(path, {name: "old-name", "format": "json"})
    assert response["Location"] == f"{path}?{name}=new-name&format=json"


def test_an_unknown_filter_value_is_still_a_400(client):
    gone = f.technology(slug="gone", publication_status="draft")
    gone.slug = "still-draft"
    gone.save()
    # Neither a live slug nor the history of a published entry: nothing to redirect to.
    for value in ("never-existed", "gone"):
        response = client.get("/agreements/", {"technology": value, "format": "json"})
        assert response.status_code == 400
        assert "technology" in response.json()["errors"]
