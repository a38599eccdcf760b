"""Real-browser journeys: Playwright driving Debian's chromium, never a downloaded browser.

Every test here is skipped, with the reason, when /usr/bin/chromium or the
playwright package is missing (`apt-get install -y chromium`; `.ci/run` does it).
"""

import os
from pathlib import Path

import pytest
from django.test.utils import override_settings

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
# Each run saves the journeys' ends here (ignored by git: they carry the test
# server's port and today's date); `make screenshots` writes the README's copies
# into docs/screenshots/ instead.
SCREENSHOTS = ROOT / os.getenv("SCREENSHOTS_DIR", "tests/screenshots")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev requirements pin it
    sync_playwright = None


def missing_browser() -> str:
    """Why the journeys cannot run here, or "" when they can."""
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    # Only the path the browser is launched from counts: a chromium elsewhere on
    # PATH would pass this check and then fail to launch.
    if not os.access(CHROMIUM, os.X_OK):
        return f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return ""


def pytest_collection_modifyitems(config, items):
    reason = missing_browser()
    if not reason:
        return
    skip = pytest.mark.skip(reason=f"browser journeys skipped: {reason}")
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the tests' own
    # database calls are plain synchronous code around it, so Django may allow them.
    # Only while the browser runs: later tests (check --deploy) must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


@pytest.fixture(scope="session")
def _plain_http():
    """The live server speaks plain HTTP: no redirect to HTTPS, no HSTS, cookies without TLS.

    Session-wide and set before the server starts, because its middleware reads
    these settings once, when it is built.
    """
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http, live_server):
    return live_server


@pytest.fixture
def site(live_server, transactional_db, load_seed):
    """The live server with the real fixtures loaded (committed, so its thread sees them)."""
    load_seed()
    return live_server


@pytest.fixture
def screenshot():
    """Save the page as <SCREENSHOTS>/<name>.png: the end of each journey."""

    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return save


def pytest_terminal_summary(terminalreporter):
    reason = missing_browser()
    if reason:
        terminalreporter.write_line(
            f"Browser journeys were SKIPPED: {reason}.", yellow=True, bold=True
        )
