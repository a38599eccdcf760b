#!/usr/bin/env python3
"""Soak and fault test: gunicorn (production config) on a private PostgreSQL, under load.

    python bench/soak.py            # full run, about two minutes (`make soak`)
    python bench/soak.py --short    # under a minute (run by `make test`)

Everything stays on the loopback and in a temporary directory, and the script
stops by itself:

1. initdb a throwaway PostgreSQL cluster on its own port (never the shared server),
   migrate, load the fixtures, collect static files, start gunicorn with
   gunicorn.conf.py, and save one record the way a curator would.
2. Steady phase: 64 concurrent connections over the site's pages: zero errors.
3. Fault phase: the same load while PostgreSQL is killed (immediate stop, as in a
   crash) and started again. Requests may fail only while it is down; the same
   gunicorn recovers by itself; the curator's record is still there afterwards.

Prints a JSON summary and exits 0 when every check holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import http.client
import json
import os
import pwd
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DB_NAME = "coop_prod_soak"
# After PostgreSQL is back, a request already waiting on a dead connection may still fail.
RECOVERY_GRACE = 2.0


@dataclass
class Result:
    start: float
    end: float
    ok: bool
    detail: str


@dataclass
class Load:
    """Threads that request the URLs round-robin, one new connection per request."""

    host: str
    port: int
    urls: list[str]
    connections: int
    results: list[Result] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def _worker(self, offset: int) -> None:
        i = offset
        local: list[Result] = []
        while not self.stop.is_set():
            url = self.urls[i % len(self.urls)]
            i += 1
            start = time.monotonic()
            try:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                conn.request("GET", url, headers={"Host": "localhost"})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
                detail = str(response.status)
            except OSError as exc:
                ok, detail = False, type(exc).__name__
            local.append(Result(start, time.monotonic(), ok, detail))
        self.results.extend(local)  # list.extend is atomic under the GIL

    def run(self, seconds: float, during=None) -> list[Result]:
        """Load for `seconds`, or while `during()` runs and `seconds` more after it."""
        self.results, self.stop = [], threading.Event()
        threads = [
            threading.Thread(target=self._worker, args=(n,), daemon=True)
            for n in range(self.connections)
        ]
        for thread in threads:
            thread.start()
        if during:
            during()
        time.sleep(seconds)
        self.stop.set()
        for thread in threads:
            thread.join(60)
        return sorted(self.results, key=lambda r: r.start)


def summarize(results: list[Result], seconds: float) -> dict:
    latencies = sorted(r.end - r.start for r in results if r.ok) or [0.0]
    errors: dict[str, int] = {}
    for r in results:
        if not r.ok:
            errors[r.detail] = errors.get(r.detail, 0) + 1
    return {
        "requests": len(results),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "requests_per_second": round(len(results) / seconds, 1),
        "latency_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
    }


class Cluster:
    """A private PostgreSQL cluster in a temporary directory, run as the postgres user."""

    def __init__(self, root: Path, port: int):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        found = bins[-1] if bins else shutil.which("initdb")
        if not found:
            raise SystemExit("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = Path(found).parent
        self.root, self.port = root, port
        self.data = root / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            pw = pwd.getpwnam("postgres")
            os.chown(root, pw.pw_uid, pw.pw_gid)

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "pg.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def createdb(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


def fetch(port: int, url: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", url, headers={"Host": "localhost"})
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, text


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr}")
    return result.stdout


CURATOR_SAVE = """
from cooperation.models import Agreement, PublicationStatus
a = Agreement.objects.create(slug="soak-curator-record", name="Soak curator record {token}",
    kind="mou", publication_status=PublicationStatus.PUBLISHED)
print(a.get_absolute_url())
"""
PAGES = """
from cooperation.models import Agency, Agreement, Event, Source, Technology
for model in (Agreement, Agency, Technology, Event, Source):
    for obj in model.objects.published()[:4]:
        print(obj.get_absolute_url())
"""


def paths(output: str) -> list[str]:
    return [line for line in output.split() if line.startswith("/")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="the quick version run by make test")
    parser.add_argument("--port", type=int, default=8140, help="gunicorn's port")
    parser.add_argument("--pg-port", type=int, default=8141, help="the private PostgreSQL's port")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    # Seconds: steady load; then load, PostgreSQL down after down_at for down_for,
    # and load for `tail` more once it is back.
    steady, down_at, down_for, tail = (5, 2, 2, 4) if args.short else (30, 10, 8, 25)

    tmp = Path(tempfile.mkdtemp(prefix="coop_prod_soak_"))
    cluster = Cluster(tmp, args.pg_port)
    server = None
    report: dict = {"short": args.short, "connections": args.connections}
    failures: list[str] = []
    try:
        cluster.init()
        cluster.start()
        cluster.createdb(DB_NAME)
        env = {
            **os.environ,
            "DATABASE_URL": cluster.url(DB_NAME),
            "SECRET_KEY": "soak-test-only-" + os.urandom(24).hex(),
            "DEBUG": "false",
            "HTTPS": "false",
            "ALLOWED_HOSTS": "localhost",
            "STATIC_ROOT": str(tmp / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "WEB_CONCURRENCY": os.getenv("WEB_CONCURRENCY", "4"),
            "LOG_LEVEL": "warning",
        }
        static = subprocess.Popen(  # needs no database: runs alongside
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=env,
        )
        manage(env, "migrate", "--noinput", "-v0")
        # The short soak is about an outage, not the record's size: the files up to the
        # agencies' (a quarter of the load) give it pages of every kind but events.
        short_files = ("01_sources.json", "01a_references.json", "02_technologies.json")
        files = [str(BASE_DIR / "fixtures" / name) for name in (*short_files, "03_agencies.json")]
        manage(env, "load_fixtures", "-v0", *(files if args.short else []))
        token = os.urandom(6).hex()
        # Only the printed paths: the shell also announces its automatic imports.
        curator_url, *pages = paths(
            manage(env, "shell", "-c", CURATOR_SAVE.format(token=token) + PAGES)
        )
        if static.wait(300) != 0:
            raise SystemExit("collectstatic failed")

        log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the server
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cooperation.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if fetch(args.port, "/healthz")[0] == 200:
                    break
            time.sleep(0.3)
        else:
            log.flush()
            tail = (tmp / "gunicorn.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"gunicorn did not become healthy within 60 s:\n{tail}")

        urls = [
            "/",
            "/healthz",
            "/search/?" + urllib.parse.urlencode({"q": "Japan"}),
            curator_url,
            *pages,
        ]
        for url in urls:
            status, _ = fetch(args.port, url)
            if status != 200:
                failures.append(f"{url} answered {status} before the load")
        load = Load("127.0.0.1", args.port, urls, args.connections)

        results = load.run(steady)
        report["steady"] = summarize(results, steady)
        if report["steady"]["errors"]:
            failures.append(f"steady phase: {report['steady']['errors']} errors")

        window: dict[str, float] = {}

        def outage() -> None:
            time.sleep(down_at)
            window["down"] = time.monotonic()
            cluster.stop("immediate")  # as in a crash: no checkpoint, WAL replay on start
            time.sleep(down_for)
            cluster.start()
            window["up"] = time.monotonic()

        began = time.monotonic()
        results = load.run(tail, during=outage)
        report["fault"] = summarize(results, time.monotonic() - began)
        down, up = window["down"], window["up"] + RECOVERY_GRACE
        outside = [r for r in results if not r.ok and (r.end < down or r.start > up)]
        inside = [r for r in results if not r.ok and not (r.end < down or r.start > up)]
        after = [r for r in results if r.start > up]
        report["fault"] |= {
            "postgresql_down_seconds": round(window["up"] - down, 1),
            "errors_while_down": len(inside),
            "errors_outside_outage": len(outside),
            "requests_after_recovery": len(after),
            "errors_after_recovery": sum(not r.ok for r in after),
        }
        if outside:
            failures.append(f"fault phase: {len(outside)} errors outside the outage")
        if not inside:
            failures.append("fault phase: no request failed while PostgreSQL was down")
        if not after or any(not r.ok for r in after):
            failures.append("fault phase: the service did not recover")
        if server.poll() is not None:
            failures.append("gunicorn died")

        status, text = fetch(args.port, curator_url)
        report["curator_record_kept"] = status == 200 and f"Soak curator record {token}" in text
        if not report["curator_record_kept"]:
            failures.append("the record a curator saved before the outage is gone")
    finally:
        if server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(30)
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            cluster.stop("fast")
        shutil.rmtree(tmp, ignore_errors=True)

    report["failures"] = failures
    report["ok"] = not failures
    print(json.dumps(report, indent=2))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
