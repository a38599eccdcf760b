"""Curators and references (issue 14): the work queue and upgrading a claim to a quote."""

import datetime

import pytest

from cooperation.models import Agreement, Citation, Reference, Source

pytestmark = pytest.mark.django_db
URL = "https://www.mod.go.jp/j/press/2017/sm3.html"
TEXT = (
    "Japan and the United States conducted a flight test of the SM-3 Block IIA. "
    "The interceptor was developed jointly by the two countries."
)


@pytest.fixture
def claim():
    agreement = Agreement.objects.create(
        slug="sm3", name="SM-3 Block IIA", kind="joint_programme", publication_status="published"
    )
    reference = Reference.objects.create(
        slug="mod-sm3",
        publisher="Ministry of Defense of Japan",
        title="SM-3 Block IIA flight test",
        published_on=datetime.date(2017, 2, 1),
        published_on_precision="month",
        url=URL,
    )
    return Citation.objects.create(
        agreement=agreement, reference=reference, claim="The two countries co-developed it."
    )


def test_references_without_a_held_source_are_a_work_queue(curator_client, claim):
    held = Reference.objects.create(
        slug="held",
        publisher="P",
        title="Already held",
        url="https://example.org/held",
        source=Source.objects.create(slug="s", title="S", text="Some text."),
    )
    html = curator_client.get("/admin/cooperation/reference/?held=no").content.decode()
    assert "SM-3 Block IIA flight test" in html and held.title not in html
    assert "Without a held source (work queue)" in html


def test_no_upgrade_without_a_held_source(curator_client, claim):
    change = curator_client.get(f"/admin/cooperation/reference/{claim.reference.pk}/change/")
    assert "paste the document" in change.content.decode()
    response = curator_client.get(f"/admin/cooperation/reference/{claim.reference.pk}/upgrade/")
    assert response.status_code == 302


def test_a_pasted_source_with_the_same_address_upgrades_the_claim(curator_client, claim, tick_rows):
    source = Source.objects.create(
        slug="mod-sm3-text",
        title="SM-3 flight test",
        text=TEXT,
        original_url=URL,
        publication_status="published",
    )
    url = f"/admin/cooperation/reference/{claim.reference.pk}/upgrade/"
    page = curator_client.get(url)
    html = page.content.decode()
    # The sentence sharing most words with the claim is proposed as the passage.
    assert "The interceptor was developed jointly by the two countries." in html

    refused = curator_client.post(
        url, tick_rows(page, {str(claim.pk): "Developed by both, they said."})
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "not found verbatim" in html
    assert "Developed by both, they said.</textarea>" in html  # kept for correction
    claim.refresh_from_db()
    assert claim.reference_id and not claim.source_id  # nothing saved

    # The suggested passage, as shown.
    done = curator_client.post(url, tick_rows(page, {str(claim.pk): None}))
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.evidence == "quoted" and claim.source == source
    assert claim.quote == "The interceptor was developed jointly by the two countries."
    assert claim.reference is None and claim.claim == ""
    assert Reference.objects.get(slug="mod-sm3").source == source  # linked by its address
    assert "No claim rests on this reference" in curator_client.get(url).content.decode()


def test_adding_the_referenced_text_as_a_source_points_to_the_upgrade(
    curator_client, claim, form_data
):
    page = curator_client.get("/admin/cooperation/source/add/")
    data = form_data(
        page, title="SM-3 flight test", slug="mod-sm3-text", text=TEXT, original_url=URL
    )
    response = curator_client.post("/admin/cooperation/source/add/", data, follow=True)
    html = response.content.decode()
    assert "This text is the reference “SM-3 Block IIA flight test”" in html
    assert f"/admin/cooperation/reference/{claim.reference.pk}/upgrade/" in html


def test_history_shows_and_restores_a_referenced_citation(curator_client, claim, form_data):
    agreement = claim.agreement
    url = f"/admin/cooperation/agreement/{agreement.pk}/change/"
    response = curator_client.post(url, form_data(curator_client.get(url), summary="First."))
    assert response.status_code == 302
    claim.claim = "The two countries co-developed and co-produced it."
    claim.save()
    response = curator_client.post(url, form_data(curator_client.get(url), summary="Second."))
    assert response.status_code == 302

    history = curator_client.get(f"/admin/cooperation/agreement/{agreement.pk}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    assert (
        "Citation changed" in html
        and "“The two countries co-developed and co-produced it.”" in html
    )

    from reversion.models import Version

    first = Version.objects.get_for_object(agreement).order_by("pk").first()
    revision_url = f"/admin/cooperation/agreement/{agreement.pk}/history/{first.pk}/"
    page = curator_client.get(revision_url)
    assert page.status_code == 200
    restored = curator_client.post(revision_url, form_data(page))
    assert restored.status_code == 302
    claim.refresh_from_db()
    assert claim.claim == "The two countries co-developed it." and claim.reference_id


def test_a_claim_upgraded_in_another_tab_is_named_and_nothing_else_is_saved(
    curator_client, second_curator_client, claim, tick_rows
):
    Source.objects.create(
        slug="mod-sm3-text", title="SM-3 flight test", text=TEXT, original_url=URL
    )
    other = Citation.objects.create(
        agreement=claim.agreement, reference=claim.reference, claim="It was flight-tested."
    )
    url = f"/admin/cooperation/reference/{claim.reference.pk}/upgrade/"
    typed = "Japan and the United States conducted a flight test of the SM-3 Block IIA."
    data = tick_rows(
        curator_client.get(url), {str(claim.pk): "The interceptor", str(other.pk): typed}
    )
    theirs = tick_rows(second_curator_client.get(url), {str(claim.pk): None})
    assert second_curator_client.post(url, theirs).status_code == 302

    refused = curator_client.post(url, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "a row you ticked is among them. Nothing was saved." in html
    name = "agreement: SM-3 Block IIA — “The two countries co-developed it.”"
    assert f"No longer on this page: “{name}”." in html
    left = html[html.index('id="rows-left"') : html.index("</section>")]
    assert "readonly>The interceptor</textarea>" in left
    assert f"{typed}</textarea>" in html[html.index('id="upgrades"') :]  # kept in its row
    other.refresh_from_db()
    assert other.reference_id and not other.source_id

    done = curator_client.post(url, tick_rows(refused, {}))
    assert done.status_code == 302
    other.refresh_from_db()
    assert other.quote == typed and other.source_id
