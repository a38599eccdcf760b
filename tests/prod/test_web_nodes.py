"""Two web nodes, one PostgreSQL and one Redis: a save through one shows through the other.

Issue 16: the web tier scales out when REDIS_URL points every node at one Redis.
Two gunicorns (the production configuration) run on a private database of the
PostgreSQL server the suite uses; a curator saves through node A's admin and the
next anonymous request through node B shows the change.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
from django.conf import settings

from .ports import free_ports

BASE_DIR = Path(settings.BASE_DIR)
# A Redis database of the test's own on the machine's Redis: flushed before and after.
SHARED_REDIS = "redis://127.0.0.1:6379/13"
PASSWORD = "a-long-curator-pass-phrase"
HOST = "localhost"
SETUP = """
from django.contrib.auth.models import Group, User
from django.urls import reverse
from cooperation.models import Agreement, PublicationStatus

a = Agreement.objects.create(slug="two-node-accord", name="Two-node accord",
    kind="mou", summary="Rendered once, served by both nodes.",
    publication_status=PublicationStatus.PUBLISHED)
u = User.objects.create_user("curator", password={password!r}, is_staff=True)
u.groups.add(Group.objects.get(name="Curators"))
print("page", a.get_absolute_url())
print("change", reverse("admin:cooperation_agreement_change", args=[a.pk]))
"""


def _why_not() -> str:
    # CI runs the SQLite and PostgreSQL passes side by side: run once, in the
    # PostgreSQL pass, so the two never flush each other's Redis database.
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "the web nodes run in the PostgreSQL pass (set DATABASE_URL)"
    return ""


pytestmark = pytest.mark.skipif(bool(_why_not()), reason=_why_not() or "runnable")


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """The machine's Redis (database 13), or a private redis-server when none answers."""
    if _answers(SHARED_REDIS):
        url, server = SHARED_REDIS, None
    elif shutil.which("redis-server"):
        (port,) = free_ports(1)
        url = f"redis://127.0.0.1:{port}/0"
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
            cwd=tmp_path_factory.mktemp("redis"),
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _answers(url) and time.monotonic() < deadline:
            time.sleep(0.1)
    else:
        pytest.skip("no Redis at 127.0.0.1:6379 and no redis-server to start (apt redis-server)")
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        with contextlib.suppress(redis.RedisError):
            client.flushdb()
        if server is not None:
            server.terminate()
            server.wait(10)


@pytest.fixture(scope="module")
def database_url():
    """A private database on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    name = f"coop_web_nodes_{os.getpid()}"
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or "5432",
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = urllib.parse.quote(server["user"], safe="")
    if server["password"]:
        credentials += ":" + urllib.parse.quote(server["password"], safe="")
    try:
        yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def nodes(redis_url, database_url, tmp_path_factory):
    """Two gunicorns, A and B, sharing one database and one Redis; the setup's URLs."""
    tmp = tmp_path_factory.mktemp("web_nodes")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "web-nodes-test-only-" + os.urandom(16).hex(),
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(tmp / "static"),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "warning",
    }
    static = subprocess.Popen(  # needs no database: runs alongside
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env
    )
    manage(env, "migrate", "--noinput", "-v0")
    printed = manage(env, "shell", "-v0", "-c", SETUP.format(password=PASSWORD))
    urls = dict(line.split(" ", 1) for line in printed.splitlines() if " /" in line)
    assert static.wait(300) == 0, "collectstatic failed"
    servers: dict[str, tuple[int, Path, subprocess.Popen]] = {}
    try:
        for name, port in zip("AB", free_ports(2), strict=True):
            log = tmp / f"gunicorn-{name}.log"
            bind = {"GUNICORN_BIND": f"127.0.0.1:{port}"}
            servers[name] = (port, log, _start_gunicorn({**env, **bind}, log))
        for port, log, server in servers.values():
            _wait_healthy(port, server, log)
        yield {name: port for name, (port, _, _) in servers.items()}, urls
    finally:
        for _port, _log, server in servers.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(30)


def _start_gunicorn(env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:  # gunicorn keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cooperation.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_healthy(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError):
            if request(port, "GET", "/healthz")[0] == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"gunicorn on {port} never became healthy:\n{log.read_text()[-3000:]}")


def request(
    port: int, method: str, path: str, cookies: dict | None = None, form: list | None = None
) -> tuple[int, dict, str]:
    """One request as a browser makes it; the status, the cookies it set and the body."""
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        new_cookies = {}
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            new_cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, new_cookies, text
    finally:
        conn.close()


class _FormFields(HTMLParser):
    """What a browser would post back from the page's form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # The parser keeps the newline HTML drops after <textarea>; a browser would not.
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def log_in(port: int) -> dict:
    status, cookies, page = request(port, "GET", "/admin/login/")
    assert status == 200
    form = [("username", "curator"), ("password", PASSWORD), ("next", "/admin/")]
    form.append(("csrfmiddlewaretoken", csrf_token(page)))
    status, more, _ = request(port, "POST", "/admin/login/", cookies, form)
    assert status == 302 and "sessionid" in more, "the curator could not log in"
    return {**cookies, **more}


def page_keys(redis_url: str) -> list[bytes]:
    # settings.py gives the page cache the key prefix "pages"; a page's key is "page:<digest>".
    return redis.Redis.from_url(redis_url).keys("pages:*:page:*")


def test_a_save_through_one_node_shows_through_the_other(nodes, redis_url):
    ports, urls = nodes
    a, b = ports["A"], ports["B"]
    page = urls["page"]

    status, _, first = request(a, "GET", page)
    assert status == 200 and "Two-node accord" in first
    stored = page_keys(redis_url)
    assert len(stored) == 1, "node A did not store the page in the shared Redis"

    # Node B serves the copy node A stored: plant a marker in it, and B returns it.
    client = redis.Redis.from_url(redis_url)
    code, content, headers = pickle.loads(client.get(stored[0]))
    marked = content.replace(b"</body>", b"<!-- stored by node A --></body>")
    client.set(stored[0], pickle.dumps((code, marked, headers)), keepttl=True)
    status, _, through_b = request(b, "GET", page)
    assert status == 200 and "<!-- stored by node A -->" in through_b
    assert through_b.replace("<!-- stored by node A -->", "") == first
    assert page_keys(redis_url) == stored  # B rendered nothing and stored nothing

    # A curator saves through node A's admin, as a browser would post the form.
    cookies = log_in(a)
    status, _, form_page = request(a, "GET", urls["change"], cookies)
    assert status == 200
    form = [(k, v) for k, v in form_fields(form_page, "agreement_form") if k != "name"]
    form += [("name", "Two-node accord, renamed on node A"), ("_save", "Save")]
    status, _, answer = request(a, "POST", urls["change"], cookies, form)
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer, re.S)
    assert status == 302, f"the admin refused the save: {errors or answer[:2000]}"

    # The next request through node B shows it, and it is cached for both again.
    status, _, after = request(b, "GET", page)
    assert status == 200
    assert "Two-node accord, renamed on node A" in after
    assert "stored by node A" not in after
    assert len(page_keys(redis_url)) == 2  # the old version's copy and the new one
    assert request(a, "GET", page)[2] == after
