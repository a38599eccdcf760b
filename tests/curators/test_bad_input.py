"""Bad input in the admin: errors name the field, nothing is saved; cited sources stay."""

import pytest
from django.urls import reverse

from cooperation.models import Agency, Citation, Event, Source, Technology

pytestmark = pytest.mark.django_db

TEXT = "ATLA and DARPA signed a project arrangement. The summit took place in Washington."


@pytest.fixture
def source(db):
    return Source.objects.create(slug="article", title="An article", text=TEXT)


@pytest.fixture
def event(source):
    event = Event.objects.create(slug="summit", name="Summit", kind="summit")
    Citation.objects.create(source=source, event=event, quote="The summit took place")
    return event


def change_url(obj) -> str:
    return reverse(f"admin:cooperation_{obj._meta.model_name}_change", args=[obj.pk])


def post_change(client, form_data, obj, **changes):
    url = change_url(obj)
    return client.post(url, form_data(client.get(url), **changes))


def field_errors(response) -> dict:
    errors = response.context["adminform"].form.errors
    return {name: list(messages) for name, messages in errors.items()}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date": "2023-01-15", "date_precision": "month"},
            "date",
            "A date known to the month is stored as the 1st of that month.",
        ),
        (
            {"date": "2023-03-01", "date_precision": "year"},
            "date",
            "A date known to the year is stored as 1 January of that year.",
        ),
        ({"date": "", "date_precision": "day"}, "date", "Give a date, or clear its precision."),
        ({"date": "2023-01-15", "date_precision": ""}, "date_precision", "Say how precise"),
        ({"date": "2023-13-45", "date_precision": "day"}, "date", "Enter a valid date."),
        ({"date": "2023-01-15", "date_precision": "week"}, "date_precision", "Select a valid"),
        ({"name": ""}, "name", "This field is required."),
        ({"slug": "not a slug!"}, "slug", "Enter a valid “slug”"),
        ({"slug": "Summit-2023"}, "slug", "Use lower-case letters: “summit-2023”."),
    ],
    ids=[
        "month-not-1st",
        "year-not-1-jan",
        "precision-without-date",
        "date-without-precision",
        "invalid-date",
        "invalid-precision",
        "empty-name",
        "bad-slug",
        "upper-case-slug",
    ],
)
def test_an_invalid_event_is_refused_naming_the_field(
    event, curator_client, form_data, changes, field, message
):
    response = post_change(curator_client, form_data, event, **changes)
    assert response.status_code == 200
    errors = field_errors(response)
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors
    assert "Please correct the error" in response.content.decode()
    fresh = Event.objects.get(pk=event.pk)
    assert (fresh.name, fresh.date, fresh.slug) == ("Summit", None, "summit")


def test_a_duplicate_slug_is_refused(event, curator_client, form_data):
    url = reverse("admin:cooperation_event_add")
    data = form_data(curator_client.get(url), name="Another summit", slug="summit", kind="summit")
    data["citations-TOTAL_FORMS"] = "0"
    response = curator_client.post(url, data)
    assert "Event with this Slug already exists." in field_errors(response)["slug"]
    assert Event.objects.count() == 1


def test_a_quote_not_in_its_source_is_refused(event, source, curator_client, form_data):
    response = post_change(
        curator_client, form_data, event, **{"citations-0-quote": "The summit took place in Tokyo."}
    )
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors["quote"] == [
        "This quote is not found verbatim in the source’s text."
    ]
    assert "This quote is not found verbatim" in response.content.decode()
    assert Citation.objects.get(event=event).quote == "The summit took place"


def test_a_new_entry_with_a_bad_quote_is_not_saved(source, curator_client, form_data):
    url = reverse("admin:cooperation_agency_add")
    data = form_data(
        curator_client.get(url),
        name="Defense Advanced Research Projects Agency",
        slug="darpa",
        kind="agency",
        **{"citations-0-source": str(source.pk), "citations-0-quote": "DARPA said no."},
    )
    response = curator_client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "not found verbatim" in formset.forms[0].errors["quote"][0]
    assert not Agency.objects.exists()
    assert not Citation.objects.filter(quote="DARPA said no.").exists()


def test_a_parent_cycle_is_refused(db, curator_client, form_data):
    area = Technology.objects.create(slug="area", name="Area")
    sub = Technology.objects.create(slug="sub", name="Sub-area", parent=area)
    subsub = Technology.objects.create(slug="subsub", name="Sub-sub-area", parent=sub)
    response = post_change(curator_client, form_data, area, parent=str(subsub.pk))
    assert field_errors(response)["parent"] == ["An entry cannot be its own parent or ancestor."]
    area.refresh_from_db()
    assert area.parent is None


def test_deleting_a_cited_source_is_refused_listing_what_cites_it(event, source, curator_client):
    url = reverse("admin:cooperation_source_delete", args=[source.pk])
    html = curator_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "Summit" in html and "The summit took place" in html

    response = curator_client.post(url, {"post": "yes"})
    assert "protected related objects" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()


def test_bulk_deleting_a_cited_source_is_refused_listing_what_cites_it(
    event, source, curator_client
):
    uncited = Source.objects.create(slug="uncited", title="Uncited", text="Nothing.")
    response = curator_client.post(
        reverse("admin:cooperation_source_changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk, uncited.pk], "post": "yes"},
    )
    html = response.content.decode()
    assert "protected related objects" in html
    assert "The summit took place" in html
    assert Source.objects.count() == 2


def test_an_uncited_source_can_be_deleted(db, curator_client):
    uncited = Source.objects.create(slug="uncited", title="Uncited", text="Nothing.")
    url = reverse("admin:cooperation_source_delete", args=[uncited.pk])
    assert curator_client.post(url, {"post": "yes"}).status_code == 302
    assert not Source.objects.exists()


def test_the_second_of_two_curators_saving_from_a_stale_form_is_told(
    event, curator_client, second_curator_client, form_data
):
    second = second_curator_client

    url = change_url(event)
    first_form = curator_client.get(url)
    second_form = second.get(url)

    assert curator_client.post(url, form_data(first_form, location="Washington")).status_code == 302
    response = second.post(url, form_data(second_form, location="Tokyo"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this entry after you opened it" in html
    assert "Nothing was saved" in html
    assert Event.objects.get(pk=event.pk).location == "Washington"

    # Reloading picks up the first curator's change, and then saving works.
    response = second.post(url, form_data(second.get(url), location="Tokyo"))
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).location == "Tokyo"


# Text as a browser sends it, and a source's text its citations quote ------------------


def test_saving_a_source_from_a_browser_changes_nothing(event, source, curator_client, form_data):
    """Browsers send a textarea's line ends as CRLF: an unchanged article must stay unchanged."""
    source.text = "First paragraph. The summit took place in Washington.\n\nSecond paragraph."
    source.save()
    url = change_url(source)
    data = form_data(curator_client.get(url))
    data["text"] = data["text"].replace("\n", "\r\n")
    response = curator_client.post(url, data, follow=True)
    assert "was changed successfully" in response.content.decode()
    source.refresh_from_db()
    assert "\r" not in source.text
    history = curator_client.get(
        reverse("admin:cooperation_source_history", args=[source.pk])
    ).content.decode()
    assert "Changed Text" not in history
    assert "No fields changed." in history


def test_a_source_edit_that_drops_a_quoted_passage_is_refused(
    event, source, curator_client, form_data
):
    response = post_change(
        curator_client,
        form_data,
        source,
        text="ATLA and DARPA signed a project arrangement. The meeting was in Washington.",
    )
    assert response.status_code == 200
    [message] = field_errors(response)["text"]
    assert message == (
        "This change removes words a citation quotes: “The summit took place” (cites Summit). "
        "Keep those passages, or edit or delete the citations first."
    )
    assert "This change removes words a citation quotes" in response.content.decode()
    source.refresh_from_db()
    assert source.text == TEXT

    # Keeping the quoted words, the same edit is fine.
    response = post_change(curator_client, form_data, source, text=TEXT + " It rained.")
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.text.endswith("It rained.")


# What a citation supports --------------------------------------------------------------


def test_a_citation_supports_a_field_of_its_entry_or_the_entry(
    event, source, curator_client, form_data
):
    page = curator_client.get(change_url(event))
    html = page.content.decode()
    assert '<select name="citations-0-field"' in html
    assert '<option value="" selected>The entry as a whole</option>' in html
    assert '<option value="participants">participants</option>' in html
    assert '<option value="parent">' not in html  # agencies have parents, events do not

    response = curator_client.post(
        change_url(event), form_data(page, **{"citations-0-field": "parent"})
    )
    formset = response.context["inline_admin_formsets"][0].formset
    assert "Select a valid choice" in formset.forms[0].errors["field"][0]

    response = curator_client.post(
        change_url(event), form_data(page, **{"citations-0-field": "date"})
    )
    assert response.status_code == 302
    assert Citation.objects.get(event=event).field == "date"


def test_the_citations_list_refuses_a_field_its_entry_does_not_have(
    event, curator_client, form_data
):
    citation = Citation.objects.get(event=event)
    response = post_change(curator_client, form_data, citation, field="legally_binding")
    assert response.status_code == 200
    [message] = field_errors(response)["field"]
    assert message.startswith(
        "Event has no field “legally_binding”. Choose one of: name, name_ja, name_ja_official, "
        "aliases_ja, kind,"
    )
    assert Citation.objects.get(pk=citation.pk).field == ""


# Two curators and one citation ----------------------------------------------------------


def test_a_stale_citation_form_is_told(event, curator_client, second_curator_client, form_data):
    citation = Citation.objects.get(event=event)
    url = change_url(citation)
    first_form, second_form = curator_client.get(url), second_curator_client.get(url)
    assert curator_client.post(url, form_data(first_form, field="location")).status_code == 302

    response = second_curator_client.post(url, form_data(second_form, field="date"))
    assert response.status_code == 200
    assert "Someone else changed this citation after you opened the page" in (
        response.content.decode()
    )
    assert Citation.objects.get(pk=citation.pk).field == "location"


def test_a_citation_changed_elsewhere_is_not_overwritten_from_a_stale_entry_page(
    event, curator_client, second_curator_client, form_data
):
    citation = Citation.objects.get(event=event)
    entry_page = curator_client.get(change_url(event))
    # Meanwhile a second curator corrects the citation on the citations list.
    response = post_change(
        second_curator_client, form_data, citation, quote="The summit took place in Washington."
    )
    assert response.status_code == 302

    # Changing the same citation from the stale entry page is refused.
    response = curator_client.post(
        change_url(event),
        form_data(entry_page, location="Tokyo", **{"citations-0-field": "date"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this citation after you opened the page" in html
    event.refresh_from_db()
    assert event.location == ""
    assert Citation.objects.get(pk=citation.pk).field == ""

    # Not touching it, the entry's own change goes through and the correction stays.
    response = curator_client.post(change_url(event), form_data(entry_page, location="Tokyo"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.location == "Tokyo"
    assert Citation.objects.get(pk=citation.pk).quote == "The summit took place in Washington."


def test_editing_a_citation_someone_deleted_is_told(
    event, curator_client, second_curator_client, form_data
):
    entry_page = curator_client.get(change_url(event))
    citation = Citation.objects.get(event=event)
    delete_url = reverse("admin:cooperation_citation_delete", args=[citation.pk])
    assert second_curator_client.post(delete_url, {"post": "yes"}).status_code == 302

    response = curator_client.post(
        change_url(event),
        form_data(entry_page, **{"citations-0-quote": "The summit took place in Washington."}),
    )
    assert response.status_code == 200
    assert "Someone else deleted a citation of this entry after you opened the page" in (
        response.content.decode()
    )
    assert not Citation.objects.filter(event=event).exists()
