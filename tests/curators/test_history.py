"""Every change is recorded (who, when, what) and an earlier version can be restored."""

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from cooperation.models import Agency, Agreement, Citation, Source, Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        slug="darpa",
        name="Defense Advanced Research Projects Agency",
        acronym="DARPA",
        kind="agency",
        description="First words.",
    )


def edit(client, form_data, agency, **changes):
    url = reverse("admin:cooperation_agency_change", args=[agency.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_an_admin_edit_is_recorded_with_who_when_and_what(
    agency, curator, curator_client, form_data
):
    edit(curator_client, form_data, agency, description="Second words.")
    version = Version.objects.get_for_object(agency).first()
    assert version.revision.user == curator
    assert "Description" in version.revision.get_comment()
    assert version.field_dict["description"] == "Second words."

    html = curator_client.get(
        reverse("admin:cooperation_agency_history", args=[agency.pk])
    ).content.decode()
    assert curator.username in html
    assert "Changed Description." in html


def test_an_earlier_version_can_be_restored(agency, curator_client, form_data):
    edit(curator_client, form_data, agency, description="Second words.")
    edit(curator_client, form_data, agency, description="Third words.")
    first = Version.objects.get_for_object(agency).order_by("pk").first()
    assert first.field_dict["description"] == "Second words."

    url = reverse("admin:cooperation_agency_revision", args=[agency.pk, first.pk])
    response = curator_client.get(url)
    assert response.status_code == 200
    assert "Second words." in response.content.decode()
    agency.refresh_from_db()
    assert agency.description == "Third words."  # viewing changes nothing

    response = curator_client.post(url, form_data(response))
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.description == "Second words."
    latest = Version.objects.get_for_object(agency).first()
    assert latest.revision.get_comment().startswith("Restored the version saved on ")


def test_publishing_is_recorded(agency, curator, curator_client):
    curator_client.post(reverse("admin:cooperation_agency_publish", args=[agency.pk]))
    version = Version.objects.get_for_object(agency).first()
    assert version.revision.user == curator
    assert version.field_dict["publication_status"] == "published"
    assert version.revision.get_comment() == "Published 1 agency."


def test_a_fixture_load_is_recorded_as_one_revision(db, load_seed):
    load_seed()  # the rows, revision included, of this run's first real load (tests/conftest.py)
    darpa = Agency.objects.get(acronym="DARPA")
    version = Version.objects.get_for_object(darpa).get()
    assert version.revision.get_comment().startswith("Loaded from fixtures")
    assert version.revision.user is None
    # One revision holds the whole load.
    assert Version.objects.exclude(revision=version.revision).count() == 0
    # Re-loading unchanged fixtures records nothing new.
    call_command("load_fixtures", verbosity=0)
    assert Version.objects.get_for_object(darpa).count() == 1


# What changed, and restoring one entry ------------------------------------------------

TEXT = (
    "DARPA and ATLA signed a project arrangement. The Pentagon hosted the talks. "
    "MOD officials joined by video."
)


@pytest.fixture
def article(db):
    return Source.objects.create(slug="article", title="An article", text=TEXT)


@pytest.fixture
def agreement(article):
    """An agreement with two parties and two citations, saved in one revision."""
    with reversion.create_revision():
        darpa = Agency.objects.create(slug="darpa", name="DARPA", kind="agency")
        atla = Agency.objects.create(slug="atla", name="ATLA", kind="agency")
        agreement = Agreement.objects.create(
            slug="arrangement", name="Arrangement", kind="mou", publication_status="published"
        )
        agreement.parties.set([darpa, atla])
        Citation.objects.create(
            source=article, agreement=agreement, quote="DARPA and ATLA signed", field="parties"
        )
        Citation.objects.create(
            source=article, agreement=agreement, quote="The Pentagon hosted the talks."
        )
        reversion.set_comment("Loaded from fixtures: 1 file.")
    return agreement


def change(client, form_data, obj, **changes):
    url = reverse(f"admin:cooperation_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def history_html(client, obj) -> str:
    url = reverse(f"admin:cooperation_{obj._meta.model_name}_history", args=[obj.pk])
    return client.get(url).content.decode()


def first_version(obj) -> Version:
    return Version.objects.get_for_object(obj).order_by("pk").first()


def test_the_history_shows_what_each_save_changed(agreement, curator_client, form_data):
    darpa = Agency.objects.get(slug="darpa")
    mod = Agency.objects.create(slug="mod", name="Ministry of Defense", kind="department")
    change(
        curator_client,
        form_data,
        agreement,
        summary="A research arrangement.",
        parties=[str(darpa.pk), str(mod.pk)],
        **{
            "citations-0-quote": "DARPA and ATLA signed a project arrangement.",
            "citations-1-DELETE": "on",
            "citations-2-source": str(Citation.objects.first().source_id),
            "citations-2-quote": "MOD officials joined by video.",
            "citations-2-field": "parties",
            "citations-TOTAL_FORMS": "3",
        },
    )
    html = history_html(curator_client, agreement)
    assert "What changed" in html
    assert "First version." in html
    assert (
        "<strong>Summary</strong>: <del>(empty)</del> → <ins>A research arrangement.</ins>" in html
    )
    assert "added <ins>Ministry of Defense</ins>; removed <del>ATLA</del>" in html
    assert "<strong>Citation added</strong>: <ins>“MOD officials joined by video.”</ins>" in html
    assert "(An article, supports parties)" in html
    assert "<strong>Citation removed</strong>: <del>“The Pentagon hosted the talks.”</del>" in html
    assert "<strong>Citation changed</strong>" in html
    assert "<ins>a project arrangement.</ins>" in html


def test_restoring_brings_back_relations_and_citations(agreement, curator_client, form_data):
    original_quotes = set(agreement.citations.values_list("quote", flat=True))
    darpa = Agency.objects.get(slug="darpa")
    change(
        curator_client,
        form_data,
        agreement,
        parties=[str(darpa.pk)],
        **{
            "citations-0-quote": "DARPA and ATLA signed a project arrangement.",
            "citations-1-DELETE": "on",
            "citations-2-source": str(Citation.objects.first().source_id),
            "citations-2-quote": "MOD officials joined by video.",
            "citations-TOTAL_FORMS": "3",
        },
    )
    url = reverse(
        "admin:cooperation_agreement_revision", args=[agreement.pk, first_version(agreement).pk]
    )
    page = curator_client.get(url)
    html = page.content.decode()
    assert "; press <strong>Save</strong> to restore it." in html
    assert "&rsaquo; Restore a version" in html
    assert "Saving restores these differences from the entry as it is now" in html
    assert "added <ins>ATLA</ins>" in html
    assert "<strong>Citation removed</strong>: <del>“MOD officials joined by video.”</del>" in html
    assert "Only this entry and its citations are restored" in html
    # Looking changed nothing.
    assert set(agreement.parties.values_list("slug", flat=True)) == {"darpa"}

    response = curator_client.post(url, form_data(page))
    assert response.status_code == 302
    assert set(agreement.parties.values_list("slug", flat=True)) == {"darpa", "atla"}
    assert set(agreement.citations.values_list("quote", flat=True)) == original_quotes
    assert agreement.citations.get(quote="DARPA and ATLA signed").field == "parties"


def test_restoring_one_entry_leaves_the_rest_of_its_revision_alone(
    agreement, article, curator_client, form_data
):
    """The loaded version of one entry shares its revision with every loaded record."""
    darpa = Agency.objects.get(slug="darpa")
    change(curator_client, form_data, darpa, description="Edited by a curator.")
    Citation.objects.create(source=article, agency=darpa, quote="DARPA and ATLA signed")
    change(curator_client, form_data, agreement, summary="Edited too.")

    url = reverse(
        "admin:cooperation_agreement_revision", args=[agreement.pk, first_version(agreement).pk]
    )
    assert curator_client.post(url, form_data(curator_client.get(url))).status_code == 302

    agreement.refresh_from_db()
    darpa.refresh_from_db()
    assert agreement.summary == ""
    assert darpa.description == "Edited by a curator."
    assert darpa.citations.filter(quote="DARPA and ATLA signed").exists()


def test_restoring_keeps_constraints_and_says_what_it_left_out(
    agreement, curator_client, form_data
):
    change(curator_client, form_data, agreement, slug="renamed-arrangement")
    # Since then: another entry took the old slug, and a party was deleted.
    Agreement.objects.create(slug="arrangement", name="Another arrangement", kind="mou")
    Agency.objects.filter(slug="atla").delete()

    url = reverse(
        "admin:cooperation_agreement_revision", args=[agreement.pk, first_version(agreement).pk]
    )
    page = curator_client.get(url)
    html = page.content.decode()
    assert (
        "The slug “arrangement” is now used by “Another arrangement”; "
        "the slug “renamed-arrangement” is kept."
    ) in html
    assert "Parties: 1 related agency since deleted, left out." in html

    response = curator_client.post(url, form_data(page), follow=True)
    assert "the slug “renamed-arrangement” is kept" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.slug == "renamed-arrangement"
    assert set(agreement.parties.values_list("slug", flat=True)) == {"darpa"}


def test_restoring_a_parent_that_would_make_a_cycle_is_refused(db, curator_client, form_data):
    with reversion.create_revision():
        area = Technology.objects.create(slug="area", name="Area")
        sub = Technology.objects.create(slug="sub", name="Sub-area", parent=area)
    # Later the hierarchy was turned around: the sub-area is now the parent.
    change(curator_client, form_data, sub, parent="")
    change(curator_client, form_data, area, parent=str(sub.pk))

    url = reverse("admin:cooperation_technology_revision", args=[sub.pk, first_version(sub).pk])
    response = curator_client.post(url, form_data(curator_client.get(url)))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["parent"] == ["An entry cannot be its own parent or ancestor."]
    sub.refresh_from_db()
    assert sub.parent is None


def test_a_stale_restore_page_is_told(agreement, curator_client, second_curator_client, form_data):
    url = reverse(
        "admin:cooperation_agreement_revision", args=[agreement.pk, first_version(agreement).pk]
    )
    change(curator_client, form_data, agreement, summary="First change.")
    page = curator_client.get(url)
    change(second_curator_client, form_data, agreement, summary="Someone else's change.")

    response = curator_client.post(url, form_data(page))
    assert response.status_code == 200
    assert "Someone else saved this entry after you opened it" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.summary == "Someone else's change."


def test_a_version_of_another_kind_of_entry_is_not_found(agreement, curator_client):
    darpa = Agency.objects.get(slug="darpa")
    version = first_version(darpa)
    url = reverse("admin:cooperation_agreement_revision", args=[darpa.pk, version.pk])
    assert curator_client.get(url).status_code == 404


def test_a_deleted_entry_is_recovered_with_its_citations(agreement, curator_client, form_data):
    version = first_version(agreement)
    quotes = set(agreement.citations.values_list("quote", flat=True))
    url = reverse("admin:cooperation_agreement_delete", args=[agreement.pk])
    assert curator_client.post(url, {"post": "yes"}).status_code == 302
    assert not Citation.objects.filter(agreement__slug="arrangement").exists()

    recover_url = reverse("admin:cooperation_agreement_recover", args=[version.pk])
    page = curator_client.get(recover_url)
    assert "Press <strong>Save</strong> to recover it." in page.content.decode()
    assert curator_client.post(recover_url, form_data(page)).status_code == 302
    recovered = Agreement.objects.get(slug="arrangement")
    assert recovered.publication_status == "draft"  # back for review, not straight to the public
    assert set(recovered.citations.values_list("quote", flat=True)) == quotes
    assert set(recovered.parties.values_list("slug", flat=True)) == {"darpa", "atla"}


def test_recovering_an_entry_whose_slug_was_taken_is_refused(agreement, curator_client):
    version = first_version(agreement)
    curator_client.post(
        reverse("admin:cooperation_agreement_delete", args=[agreement.pk]), {"post": "yes"}
    )
    Agreement.objects.create(slug="arrangement", name="A newer arrangement", kind="mou")
    response = curator_client.get(
        reverse("admin:cooperation_agreement_recover", args=[version.pk]), follow=True
    )
    assert (
        "Cannot recover “Arrangement”: its slug “arrangement” is now used by "
        "“A newer arrangement”. Rename that entry first."
    ) in response.content.decode()
    assert Agreement.objects.count() == 1


def test_citations_made_elsewhere_show_in_the_entry_history(
    agreement, article, curator_client, form_data, tick_rows
):
    darpa = Agency.objects.get(slug="darpa")
    # From the mentions page of the article.
    mentions_url = reverse("admin:cooperation_source_mentions", args=[article.pk])
    data = tick_rows(curator_client.get(mentions_url), {f"agency-{darpa.pk}": None})
    response = curator_client.post(mentions_url, data)
    assert response.status_code == 302
    html = history_html(curator_client, darpa)
    assert "Cited 1 mention from “An article”." in html
    assert (
        "<strong>Citation added</strong>: <ins>“DARPA and ATLA signed a project arrangement.”</ins>"
        in html
    )

    # From the citations list: changed, then deleted.
    citation = darpa.citations.get()
    url = reverse("admin:cooperation_citation_change", args=[citation.pk])
    page = curator_client.get(url)
    assert (
        curator_client.post(url, form_data(page, quote="DARPA and ATLA signed")).status_code == 302
    )
    assert "<strong>Citation changed</strong>" in history_html(curator_client, darpa)
    delete_url = reverse("admin:cooperation_citation_delete", args=[citation.pk])
    assert curator_client.post(delete_url, {"post": "yes"}).status_code == 302
    html = history_html(curator_client, darpa)
    assert "Deleted citation “DARPA and ATLA signed”." in html
    assert "<strong>Citation removed</strong>: <del>“DARPA and ATLA signed”</del>" in html


def test_restoring_an_older_slug_keeps_the_newer_address_working_and_the_status(
    agreement, client, curator_client, form_data
):
    change(curator_client, form_data, agreement, slug="renamed-arrangement")
    publish = reverse("admin:cooperation_agreement_publish", args=[agreement.pk])
    assert curator_client.post(publish, {"unpublish": "1"}).status_code == 302

    url = reverse(
        "admin:cooperation_agreement_revision", args=[agreement.pk, first_version(agreement).pk]
    )
    assert curator_client.post(url, form_data(curator_client.get(url))).status_code == 302
    agreement.refresh_from_db()
    assert agreement.slug == "arrangement"
    # The version restored was published; restoring it does not publish the draft.
    assert not agreement.is_published
    assert client.get("/agreements/arrangement/").status_code == 404

    assert curator_client.post(publish).status_code == 302
    response = client.get("/agreements/renamed-arrangement/")
    assert response.status_code == 301
    assert response["Location"] == "/agreements/arrangement/"


def test_restoring_an_older_name_shows_wherever_other_entries_name_it(
    agency, client, curator_client, form_data
):
    agency.publication_status = "published"
    agency.save()
    agreement = Agreement.objects.create(
        slug="kestrel-accord", name="Kestrel accord", kind="mou", publication_status="published"
    )
    agreement.parties.add(agency)
    edit(curator_client, form_data, agency, description="Second words.")
    first = Version.objects.get_for_object(agency).first()
    edit(curator_client, form_data, agency, name="Ocelot Bureau")

    def found(q):
        data = client.get("/search/", {"q": q, "format": "json"}).json()
        return {r["url"].rstrip("/").rsplit("/", 1)[-1] for r in data["results"]}

    assert found("ocelot") == {"darpa", "kestrel-accord"}
    url = reverse("admin:cooperation_agency_revision", args=[agency.pk, first.pk])
    assert curator_client.post(url, form_data(curator_client.get(url))).status_code == 302

    # The agreement's text names its parties: it is re-indexed with the restored name.
    assert found("ocelot") == set()
    assert found("kestrel advanced research") == {"kestrel-accord"}
    assert (
        "Defense Advanced Research Projects Agency"
        in client.get("/agreements/kestrel-accord/").content.decode()
    )
