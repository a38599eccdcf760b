"""What curators do in the admin (and in fixture files) shows in search at once.

Each test posts what a browser would post, then searches as a visitor: the
next request already sees the change, on the real fixtures.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cooperation.models import Agency, Agreement, Source, Technology

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-curator-pass-phrase"


@pytest.fixture
def curator_client(seed_data) -> Client:
    user = User.objects.create_user("search-curator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _value(value):
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def posted(response, **changes) -> dict:
    """What the admin page's form posts back, with some fields changed."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = _value(field.value())
            if value is not None:
                data[field.html_name] = value
    data.update(changes)
    return data


def change(client, obj, **changes):
    url = reverse(f"admin:cooperation_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.post(url, posted(client.get(url), **changes))
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', str(response.content)
    )
    return response


def slugs(client, q: str, **params) -> list[str]:
    response = client.get("/search/", {"q": q, "format": "json", **params})
    assert response.status_code == 200
    return [r["slug"] for r in response.json()["results"]]


def suggested(client, q: str) -> list[str]:
    return [r["slug"] for r in client.get("/search/suggest/", {"q": q}).json()["results"]]


def did_you_mean(client, q: str):
    return client.get("/search/", {"q": q, "format": "json"}).json()["suggestion"]


def test_adding_a_technology_to_an_agreement_in_the_admin_updates_the_filter(curator_client):
    sosa = Agreement.objects.get(slug="security-of-supply-arrangement")
    quantum = Technology.objects.get(slug="quantum-technology")
    child = Technology.objects.get(slug="quantum-information-science")
    assert "security-of-supply-arrangement" not in slugs(
        curator_client, "supply", technology=quantum.slug
    )
    technologies = [str(pk) for pk in sosa.technologies.values_list("pk", flat=True)]
    change(curator_client, sosa, technologies=[*technologies, str(child.pk)])
    # Found under the technology added, and under its parent area.
    assert "security-of-supply-arrangement" in slugs(
        curator_client, "supply", technology=child.slug
    )
    assert "security-of-supply-arrangement" in slugs(
        curator_client, "supply", technology=quantum.slug
    )
    # ...and its name is now part of the agreement's text.
    assert "security-of-supply-arrangement" in slugs(curator_client, '"quantum information"')

    change(curator_client, sosa, technologies=technologies)
    assert "security-of-supply-arrangement" not in slugs(
        curator_client, "supply", technology=quantum.slug
    )


def test_renaming_and_new_aliases_in_the_admin_are_searchable_at_once(curator_client):
    darpa = Agency.objects.get(slug="darpa")
    change(curator_client, darpa, name="Zephyr Research Agency", aliases="Zephyrine\nDARPA")
    assert slugs(curator_client, "Zephyrine")[0] == "darpa"
    assert slugs(curator_client, "Zephyr Research Agency")[0] == "darpa"
    assert suggested(curator_client, "zephyri") == ["darpa"]
    assert did_you_mean(curator_client, "zephyrne") == "zephyrine"
    # The old name is no longer one of its names (its quotes still say it).
    html = curator_client.get("/search/", {"q": "Advanced Projects"}).content.decode()
    meta = html[html.index('href="/agencies/darpa/"') :].split("</p>")[0]
    assert "matched in: full text" in meta and "name" not in meta.split("matched in:")[1]
    assert slugs(curator_client, "DARPA")[0] == "darpa"


def test_publish_and_unpublish_buttons_and_actions_update_search(curator_client):
    darpa = Agency.objects.get(slug="darpa")
    publish = reverse("admin:cooperation_agency_publish", args=[darpa.pk])
    assert curator_client.post(publish, {"unpublish": "1"}).status_code == 302
    # Gone from results, counts, type-ahead and the "Did you mean" vocabulary.
    assert "darpa" not in slugs(curator_client, "DARPA")
    data = curator_client.get("/search/", {"q": "DARPA", "format": "json"}).json()
    assert data["facets"]["type"]["agency"] == 3
    assert suggested(curator_client, "darp") == []
    assert did_you_mean(curator_client, "dapra") is None
    # Entries naming it no longer carry its name.
    html = curator_client.get("/search/", {"q": "Defense Advanced Research"}).content.decode()
    assert "/agencies/darpa/" not in html

    assert curator_client.post(publish).status_code == 302
    assert slugs(curator_client, "DARPA")[0] == "darpa"
    assert did_you_mean(curator_client, "dapra") == "darpa"

    response = curator_client.post(
        reverse("admin:cooperation_agency_changelist"),
        {"action": "unpublish_selected", "_selected_action": [darpa.pk]},
    )
    assert response.status_code == 302
    assert "darpa" not in slugs(curator_client, "DARPA")
    assert suggested(curator_client, "darpa") == []


def test_editing_a_source_text_in_the_admin_is_searchable_at_once(curator_client):
    source = Source.objects.published().order_by("pk").first()
    text = source.text + "\n\nA closing paragraph about quillwort sensors."
    change(curator_client, source, text=text)
    html = curator_client.get("/search/", {"q": "quillwort"}).content.decode()
    assert f'href="{source.get_absolute_url()}"' in html
    assert "matched in: full text" in html
    assert "<mark>quillwort</mark> sensors" in html


def test_deleting_a_citation_in_the_admin_removes_its_quote_from_the_entry(curator_client):
    agency = Agency.objects.get(slug="jhlc")
    texts = [
        " ".join([a.name, a.description, *(c.quote or c.claim for c in a.citations.all())]).lower()
        for a in Agency.objects.exclude(pk=agency.pk).prefetch_related("citations")
    ]

    def own_words(citation) -> list[str]:
        """The words only this quote gives the agency."""
        others = " ".join(
            [agency.name, agency.acronym, *agency.aliases, agency.description]
            + [c.quote or c.claim for c in agency.citations.exclude(pk=citation.pk)]
        ).lower()
        return [w for w in re.findall(r"[A-Za-z]{7,}", citation.quote) if w.lower() not in others]

    # Of those, the one fewest other agencies share: the agency is on the first page for it.
    citation, word = min(
        ((c, w) for c in agency.citations.filter(source__isnull=False) for w in own_words(c)),
        key=lambda pair: sum(pair[1].lower() in text for text in texts),
    )
    assert "jhlc" in slugs(curator_client, word, type="agency")
    url = reverse("admin:cooperation_citation_delete", args=[citation.pk])
    assert curator_client.post(url, {"post": "yes"}).status_code == 302
    assert "jhlc" not in slugs(curator_client, word, type="agency")


def test_deleting_an_entry_in_the_admin_removes_it_everywhere(curator_client):
    raytheon = Agency.objects.get(slug="raytheon")
    agreement = raytheon.agreements.get(slug="mhi-raytheon-anti-ballistic-missile")
    assert agreement.slug in slugs(curator_client, "Raytheon", type="agreement")
    url = reverse("admin:cooperation_agency_delete", args=[raytheon.pk])
    # Its unit is protected: the admin names it, deletes nothing, and the curator deletes it first.
    (unit,) = raytheon.children.all()
    refused = curator_client.post(url, {"post": "yes"})
    assert refused.status_code == 200
    assert "would require deleting the following protected related objects" in refused.text
    assert str(unit) in refused.text
    unit_url = reverse("admin:cooperation_agency_delete", args=[unit.pk])
    assert curator_client.post(unit_url, {"post": "yes"}).status_code == 302
    assert curator_client.post(url, {"post": "yes"}).status_code == 302
    assert "raytheon" not in slugs(curator_client, "Raytheon")
    assert "raytheon" not in suggested(curator_client, "rayth")
    # The agreement that named it as a party no longer does, unless its own text does.
    assert agreement.slug in slugs(curator_client, "Raytheon") or not Agreement.objects.filter(
        pk=agreement.pk, name__icontains="raytheon"
    )


def test_loading_changed_fixtures_reindexes_what_changed(seed_data, tmp_path, client):
    records = json.loads((Path(settings.FIXTURES_DIR) / "02_technologies.json").read_text())
    for record in records:
        if record["fields"].get("slug") == "drones":
            record["fields"]["aliases"].append("quadcopters")
    path = tmp_path / "02_technologies.json"
    path.write_text(json.dumps(records))
    assert slugs(client, "quadcopters") == []
    call_command("load_fixtures", str(path), "--update", verbosity=0)
    assert slugs(client, "quadcopters") == ["drones"]
    assert suggested(client, "quadc") == ["drones"]
