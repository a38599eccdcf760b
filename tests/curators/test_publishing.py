"""New entries are drafts; publishing is an explicit action, one at a time or in bulk."""

import pytest
from django.contrib.auth.models import Permission, User
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from cooperation.models import Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(db):
    return [
        Technology.objects.create(slug=f"area-{n}", name=f"Area {n}", aliases=[]) for n in range(3)
    ]


def test_a_new_entry_is_a_draft_even_if_the_form_says_published(curator_client, form_data):
    url = reverse("admin:cooperation_technology_add")
    data = form_data(
        curator_client.get(url), name="Photonics", slug="photonics", publication_status="published"
    )
    data["citations-TOTAL_FORMS"] = "0"
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Technology.objects.get(slug="photonics").publication_status == "draft"


def test_the_publish_button_publishes_one_entry(drafts, curator_client):
    area = drafts[0]
    change_url = reverse("admin:cooperation_technology_change", args=[area.pk])
    html = curator_client.get(change_url).content.decode()
    assert "<strong>Draft</strong>: visible to staff only until published." in html
    assert '<button type="submit" class="historylink publish">Publish</button>' in html

    publish_url = reverse("admin:cooperation_technology_publish", args=[area.pk])
    response = curator_client.post(publish_url, follow=True)
    assert response.redirect_chain[-1][0] == change_url
    html = response.content.decode()
    assert "“Area 0” is published." in html
    assert "<strong>Published</strong>: visible to the public." in html
    assert "Unpublish (back to draft)" in html
    area.refresh_from_db()
    assert area.publication_status == "published"

    response = curator_client.post(publish_url, {"unpublish": "1"}, follow=True)
    assert "“Area 0” is a draft again." in response.content.decode()
    area.refresh_from_db()
    assert area.publication_status == "draft"


def test_publishing_needs_a_post(drafts, curator_client):
    url = reverse("admin:cooperation_technology_publish", args=[drafts[0].pk])
    assert curator_client.get(url).status_code == 405
    drafts[0].refresh_from_db()
    assert drafts[0].publication_status == "draft"


def test_bulk_publish_saves_each_entry_so_signals_fire(drafts, curator_client):
    saved = []

    def record(sender, instance, **kwargs):
        saved.append(instance.slug)

    post_save.connect(record, sender=Technology)
    try:
        response = curator_client.post(
            reverse("admin:cooperation_technology_changelist"),
            {"action": "publish_selected", "_selected_action": [d.pk for d in drafts[:2]]},
            follow=True,
        )
    finally:
        post_save.disconnect(record, sender=Technology)
    assert "Published 2 technologies." in response.content.decode()
    assert sorted(saved) == ["area-0", "area-1"]
    statuses = dict(Technology.objects.values_list("slug", "publication_status"))
    assert statuses == {"area-0": "published", "area-1": "published", "area-2": "draft"}

    response = curator_client.post(
        reverse("admin:cooperation_technology_changelist"),
        {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]},
        follow=True,
    )
    assert "Unpublished 1 technologies; they are drafts again." in response.content.decode()
    assert Technology.objects.get(slug="area-0").publication_status == "draft"


def test_an_editor_without_the_publish_permission_cannot_publish(drafts):
    editor = User.objects.create_user("editor", password="a-long-editor-pass-phrase", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_technology", "change_technology"])
    )
    client = Client()
    client.login(username="editor", password="a-long-editor-pass-phrase")
    area = drafts[0]
    html = client.get(
        reverse("admin:cooperation_technology_change", args=[area.pk])
    ).content.decode()
    assert ">Publish</button>" not in html
    listing = client.get(reverse("admin:cooperation_technology_changelist")).content.decode()
    assert "publish_selected" not in listing
    response = client.post(reverse("admin:cooperation_technology_publish", args=[area.pk]))
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.publication_status == "draft"
