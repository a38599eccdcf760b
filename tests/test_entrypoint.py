"""The web container's entry script, run against the real PostgreSQL (no Docker engine here)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cooperation.management.commands.prepare_database import LOCK_KEY

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the container runs on PostgreSQL; run with DATABASE_URL",
)
def test_entry_script_migrates_loads_and_serves(tmp_path):
    db = settings.DATABASES["default"]
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        # The test database pytest created: the script must bring it up to date itself.
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "SECRET_KEY": "entrypoint-test",
        "DEBUG": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "HTTPS": "false",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    # Another node preparing the database holds the lock: this one waits for it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    server = subprocess.Popen(
        ["sh", "docker-entrypoint.sh"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        waiting = 0
        deadline = time.monotonic() + 30
        with connection.cursor() as cursor:
            while not waiting and time.monotonic() < deadline:
                time.sleep(0.2)
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                )
                waiting = cursor.fetchone()[0]
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        assert waiting == 1, "the entry script did not wait for the other node"
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert body is not None, "gunicorn never answered"
        assert "agreements" in body
        # The container's HEALTHCHECK command, against the same server.
        health = subprocess.run(
            [sys.executable, "healthcheck.py"], cwd=BASE_DIR, env=env, timeout=30
        )
        assert health.returncode == 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert "created" in output  # load_fixtures ran before gunicorn took over
    # gunicorn.conf.py logs each request as one JSON object a line.
    access = [json.loads(line) for line in output.splitlines() if '"gunicorn.access"' in line]
    assert {"path": "/", "status": 200} in [
        {"path": a.get("path"), "status": a.get("status")} for a in access
    ]
    assert any(a.get("path") == "/healthz" for a in access)
