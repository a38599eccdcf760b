"""The Content-Security-Policy in a real browser: no page of the site or the admin trips it.

The header test (tests/prod/test_service.py) checks what the policy says and the
template test that our templates carry no inline script or style; only a browser
sees what Django's admin templates, its widgets' JavaScript (select2, the calendar,
inline rows) and our own scripts actually do under the policy.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from cooperation.models import Agency, Agreement, Event, Source, Technology

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-Long-pass-42"
# Runs before any page script; the browser reports each blocked inline script,
# style attribute or foreign resource to it.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def violations() -> list[str]:
        found = page.evaluate("window.__csp || []") + console
        console.clear()
        return found

    page.violations = violations
    return page


def visit(page, url: str) -> int:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response.status


def log_in(page, site, username: str) -> None:
    visit(page, site.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_the_watch_sees_an_inline_script_and_style(watched, site):
    # Guards the guard: the same page with an injected inline style and script.
    url = site.url + reverse("cooperation:source-list")

    def inject(route):
        response = route.fetch()
        html = response.text().replace(
            "</main>", '<p style="color: red">x</p><script>window.ran = 1</script></main>'
        )
        route.fulfill(response=response, body=html)

    watched.route(url, inject)
    visit(watched, url)
    found = watched.violations()
    assert any("style-src" in v for v in found), found
    assert any("script-src" in v for v in found), found
    assert watched.evaluate("window.ran") is None


def test_public_pages_run_under_the_policy(watched, site):
    pages = [
        reverse("cooperation:home"),
        *(
            reverse(f"cooperation:{kind}-list")
            for kind in ("agreement", "agency", "technology", "event", "source")
        ),
        *(
            model.objects.published().order_by("pk").first().get_absolute_url()
            for model in (Agreement, Agency, Technology, Event, Source)
        ),
        reverse("cooperation:search") + "?q=radar",
        reverse("cooperation:timeline"),
        reverse("cooperation:matrix"),
        reverse("cooperation:coverage"),
        "/no-such-page/",  # the 404 page
        reverse("cooperation:agreement-list") + "?sort=nonsense",  # the 400 page
    ]
    found = {}
    for url in pages:
        visit(watched, site.url + url)
        if violations := watched.violations():
            found[url] = violations
    # The type-ahead: our script fetches suggestions and builds the list under the policy.
    visit(watched, site.url + reverse("cooperation:home"))
    watched.fill("#site-search-q", "japan")
    watched.locator("#site-search-q-suggestions [role=option]").first.wait_for()
    if violations := watched.violations():
        found["type-ahead"] = violations
    assert not found


def test_the_admin_runs_under_the_policy(watched, site):
    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    agreement = Agreement.objects.published().order_by("pk").first()
    source = Source.objects.published().order_by("pk").first()
    found = {}

    def check(label: str) -> None:
        if violations := watched.violations():
            found[label] = violations

    visit(watched, site.url + reverse("admin:login"))
    check("login")
    log_in(watched, site, "root")
    pages = [
        reverse("admin:index"),
        *(
            reverse(f"admin:cooperation_{name}_changelist")
            for name in ("agreement", "agency", "technology", "event", "source", "citation")
        ),
        reverse("admin:cooperation_source_mentions", args=[source.pk]),
        reverse("admin:cooperation_agreement_history", args=[agreement.pk]),
        reverse("admin:auth_user_change", args=[root.pk]),
        reverse("admin:auth_user_password_change", args=[root.pk]),
    ]
    for url in pages:
        assert visit(watched, site.url + url) == 200, url
        check(url)

    # A change form with its widgets at work: select2 autocomplete, a new inline row.
    visit(watched, site.url + reverse("admin:cooperation_agreement_change", args=[agreement.pk]))
    watched.locator(".select2-selection").first.click()
    watched.locator(".select2-search__field").first.fill("ja")
    watched.locator(".select2-results__option").first.wait_for()
    watched.keyboard.press("Escape")
    rows = watched.locator(".dynamic-citations").count()
    watched.locator(".add-row a").first.click()
    assert watched.locator(".dynamic-citations").count() == rows + 1  # the admin's JS ran
    check("agreement change form")
    # An add form: the slug filled from the name, the calendar opened.
    visit(watched, site.url + reverse("admin:cooperation_event_add"))
    watched.locator("#id_name").press_sequentially("Policy check event")
    assert watched.input_value("#id_slug") == "policy-check-event"
    watched.locator(".datetimeshortcuts a").nth(1).click()
    assert watched.locator(".calendarbox").first.is_visible()
    check("event add form")

    # A curator's change lists offer fewer actions (Django adds an inline style
    # to a change list that has none at all).
    curator = get_user_model().objects.create_user("curator", password=PASSWORD, is_staff=True)
    curator.groups.add(curators_group())
    watched.context.clear_cookies()
    log_in(watched, site, "curator")
    for model in admin_models():
        visit(watched, site.url + reverse(f"admin:cooperation_{model}_changelist"))
        assert watched.locator("#changelist").count() == 1, model  # the list, not a refusal
        check(f"curator {model}")
    assert not found


def curators_group() -> Group:
    """The group as its migration makes it (a transactional test's flush removed it)."""
    migration = importlib.import_module("cooperation.migrations.0003_curators")
    migration.create_curators(apps, None)
    # 0006 lets them edit references too (issue 14).
    references = importlib.import_module("cooperation.migrations.0006_i14_references")
    references.curators_edit_references(apps, None)
    return Group.objects.get(name=migration.GROUP)


def admin_models() -> list[str]:
    from django.contrib import admin

    return [m._meta.model_name for m in admin.site._registry if m._meta.app_label == "cooperation"]
