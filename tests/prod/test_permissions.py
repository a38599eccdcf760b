"""Who may do what: anonymous visitors, curators, and forms without a CSRF token."""

import re
from urllib.parse import urlsplit

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from reversion.models import Version

from .surfaces import body, build_entities, public_urls

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return urls


@pytest.fixture
def curator():
    # The group and its permissions come from the migration, as in production.
    group = Group.objects.get(name="Curators")
    user = get_user_model().objects.create_user("curator", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    login = reverse("admin:login")
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
    # Writing is refused just the same.
    user_add = reverse("admin:auth_user_add")
    response = client.post(user_add, {"username": "intruder", "password1": "x", "password2": "x"})
    assert response.status_code in (302, 403)
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_a_curator_can_curate_but_not_manage_users(client, curator):
    client.force_login(curator)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert admin.site.index_title in body(index)
    assert reverse("admin:cooperation_source_add") in body(index)
    assert reverse("admin:auth_user_changelist") not in body(index)
    for name in ("auth_user", "auth_group"):
        for action in ("changelist", "add"):
            response = client.get(reverse(f"admin:{name}_{action}"))
            assert response.status_code == 403, (name, action)
            assert "You do not have access to this page" in body(response)
    response = client.get(reverse("admin:auth_user_change", args=[curator.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "sockpuppet", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="sockpuppet").exists()
    curator.refresh_from_db()
    assert not curator.is_superuser
    for model in admin.site._registry:
        if model._meta.app_label == "cooperation":
            url = reverse(f"admin:cooperation_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url


def test_admin_login_needs_a_csrf_token(curator):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("admin:login")
    response = browser.post(url, {"username": "curator", "password": PASSWORD})
    assert response.status_code == 403
    assert "This form could not be accepted" in body(response)
    assert "_auth_user_id" not in browser.session
    page = browser.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body(page)).group(1)
    response = browser.post(
        url, {"username": "curator", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(curator.pk)


FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def post_forms(html: str, page_url: str) -> list[str]:
    actions = []
    for tag in FORM.findall(html):
        if re.search(r'method\s*=\s*"?post', tag, re.IGNORECASE):
            action = re.search(r'action\s*=\s*"([^"]*)"', tag)
            actions.append(action.group(1) if action and action.group(1) else page_url)
    return actions


def admin_object_urls(instances: dict) -> list[str]:
    """Every named admin page of each registered model that takes its own object's id:
    change, delete, history, publish, mentions, a revision… (custom views included)."""
    urls = [reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        obj = instances.get(model)
        if obj is None:
            continue
        registered = reversion.is_registered(model)
        version = registered and Version.objects.get_for_object(obj).first()
        values = {"object_id": obj.pk, "id": obj.pk, "version_id": version.pk if version else None}
        for pattern in model_admin.urls:
            if version and pattern.name and pattern.name.endswith("_revision"):
                # django-reversion's routes take positional groups: (object id, version id).
                urls.append(reverse(f"admin:{pattern.name}", args=[obj.pk, version.pk]))
                continue
            params = list(getattr(pattern.pattern, "converters", {}))
            if not pattern.name or not params or not set(params) <= set(values):
                continue
            if any(values[p] is None for p in params):
                continue
            urls.append(reverse(f"admin:{pattern.name}", kwargs={p: values[p] for p in params}))
    return urls


def test_no_view_is_exempt_from_csrf_protection():
    """Every view of the site and the admin, custom ones included, checks the token."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    views = list(walk(get_resolver().url_patterns))
    assert any(p.name == "cooperation_source_mentions" for p in views)  # admin views walked
    exempt = [str(p.pattern) for p in views if getattr(p.callback, "csrf_exempt", False)]
    assert not exempt


def test_every_post_form_refuses_a_request_without_its_token(client):
    entities = build_entities("Form page", "https://example.org/", "csrf")
    pages = public_urls(client, entities)
    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    group = Group.objects.create(name="Reviewers")
    # One saved revision each, so the history's revision pages exist too.
    with reversion.create_revision():
        for obj in entities:
            obj.save()
    instances = {type(obj): obj for obj in entities} | {type(root): root, Group: group}
    client.force_login(root)
    pages += [
        u for u in admin_urls() + admin_object_urls(instances) if client.get(u).status_code == 200
    ]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(root)
    checked = set()
    for page in pages:
        response = client.get(page)
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        for action in post_forms(body(response), page):
            refused = browser.post(action, {"name": "x", "cite": "x", "post": "yes"})
            assert refused.status_code == 403, action
            assert "This form could not be accepted" in body(refused), action
            checked.add(resolve(urlsplit(action).path).url_name)
    # Among the forms found and refused: the admin's own and the custom views'.
    for obj in entities:  # the delete forms deleted nothing
        assert type(obj).objects.filter(pk=obj.pk).exists(), obj
    assert {
        "auth_user_add",
        "auth_user_change",
        "auth_user_password_change",
        "auth_user_delete",
        "password_change",
        "logout",
        "cooperation_source_change",
        "cooperation_agreement_delete",
        "cooperation_source_changelist",  # its actions form
        "cooperation_source_mentions",
        "cooperation_agreement_publish",
        "cooperation_agreement_revision",
    } <= checked, checked
    assert not get_user_model().objects.filter(username="x").exists()


def test_admin_login_locks_out_after_repeated_failures(client, curator, settings):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "curator", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(url, {"username": "curator", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in body(response)
    # Locked: even the right password is refused now.
    response = client.post(url, {"username": "curator", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not locked out by this one.
    get_user_model().objects.create_user("other", password=PASSWORD, is_staff=True)
    response = client.post(url, {"username": "other", "password": PASSWORD})
    assert response.status_code == 302
