"""The benchmark's pieces that need no gunicorn: route picking, query counting, the load
generator against a tiny local server, the report table and target parsing."""

import argparse
import http.server
import threading

import pytest

from bench import load, probe, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver"]


def test_probe_picks_routes_from_the_corpus_and_counts_queries(corpus, bench_urls):
    routes = probe.count_queries(probe.pick_routes())
    by_name = {r.name: r for r in routes}
    assert {
        "minimal", "home", "agreements-filtered", "technology-area", "agreement", "agency",
        "search-rare", "search-1pct", "search-common", "search-phrase", "typeahead",
        "search-ja-word", "search-ja-name", "search-ja-mixed", "typeahead-ja",
        "agreements-json", "agreements-csv",
    } <= set(by_name)  # fmt: skip
    minimal = by_name["minimal"]
    assert (minimal.state, minimal.status, minimal.queries, minimal.bytes) == ("ok", 200, 0, 2)
    assert by_name["home"].state == "ok" and by_name["home"].queries >= 1
    assert by_name["technology-area"].url.startswith("/technologies/")
    assert by_name["agency"].url.startswith("/agencies/")
    assert "q=" in by_name["search-phrase"].url and "%22" in by_name["search-phrase"].url
    for route in routes:
        # Pages other areas add later are "missing" until merged, never a crash.
        assert route.state in {"ok", "missing"}, (route.name, route.status)
        assert (route.state == "missing") == (route.status == 404)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert load.percentile(values, 0.50) == 50
    assert load.percentile(values, 0.95) == 95
    assert load.percentile(values, 0.99) == 99
    assert load.percentile([], 0.5) == 0


class _Ok(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"ok"
        self.send_response(200 if self.path != "/missing" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tiny_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8151), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:8151"
    server.shutdown()
    server.server_close()


def test_python_load_generator_is_bounded_and_counts(tiny_server):
    figures = load.run_python(tiny_server + "/", duration=0.5, connections=3)
    assert figures["requests"] > 10 and figures["errors"] == 0
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert load.run_python(tiny_server + "/missing", duration=0.3, connections=2)["errors"] > 0


@pytest.mark.skipif(not load.have_wrk(), reason="wrk is not installed")
def test_wrk_report_is_read_back(tiny_server):
    figures = load.run_wrk(tiny_server + "/", duration=1, connections=2, threads=1)
    assert figures["requests"] > 10 and figures["generator"] == "wrk"


def test_targets_are_parsed():
    assert run.parse_target("pg=postgres://u@h:5432/db") == (
        "pg",
        {"DATABASE_URL": "postgres://u@h:5432/db"},
    )
    assert run.parse_target("lite=sqlite:///tmp/x.sqlite3") == (
        "lite",
        {"SQLITE_PATH": "/tmp/x.sqlite3", "DATABASE_URL": ""},
    )
    for bad in ("nolabel", "x=mysql://h/db"):
        with pytest.raises(argparse.ArgumentTypeError):
            run.parse_target(bad)


def test_gunicorn_flags_override_the_configuration():
    args = argparse.Namespace(
        gunicorn_config="/nonexistent.conf.py", port=8152, workers=2, gunicorn_arg=["--timeout=5"]
    )
    command = run.gunicorn_command(args)
    assert "--config" not in command
    assert "--workers=2" in command and "--bind=127.0.0.1:8152" in command
    assert command[-2:] == ["--timeout=5", "cooperation.wsgi:application"]


def test_table_shows_ratio_budget_and_missing_routes():
    def route(name, group, state, rps=None, p95=None):
        r = {"name": name, "group": group, "url": f"/{name}/", "note": "", "state": state,
             "queries": 0 if state == "ok" else None}  # fmt: skip
        if rps is not None:
            r["load"] = {"rps": rps, "ratio": rps / 1000, "p50_ms": 1.0, "p95_ms": p95,
                         "p99_ms": p95, "errors": 0}  # fmt: skip
        return r

    home = route("home", "home", "ok", 300, 12.0)
    home["budget"] = {"min_ratio": 0.2, "max_p95_ms": 30, "met": True}
    table = run.format_table(
        {
            "label": "pg",
            "database": "postgresql",
            "worker_rss_mb": [120.0, 130.0],
            "routes": [
                route("minimal", "baseline", "ok", 1000, 2.0),
                home,
                route("typeahead", "typeahead", "missing"),
            ],
        }
    )
    assert "home" in table and " 30%" in table and "met" in table
    assert "typeahead" in table and "missing" in table
    assert "120, 130 MB" in table


def test_table_shows_the_throughput_kept_under_writes():
    def route(name, rps, under=None):
        r = {"name": name, "group": "list", "url": f"/{name}/", "note": "", "state": "ok",
             "queries": 1, "load": {"rps": rps, "ratio": rps / 1000, "p50_ms": 1.0,
                                    "p95_ms": 9.0, "p99_ms": 9.0, "errors": 0}}  # fmt: skip
        if under is not None:
            r["under_writes"] = {"rps": under, "p95_ms": 30.0, "errors": 0, "kept": under / rps}
        return r

    table = run.format_table(
        {
            "label": "pg, page cache on",
            "database": "postgresql",
            "worker_rss_mb": [100.0],
            "writes": {"saves": 12, "interval_s": 2.0, "save_p50_ms": 40.0},
            "routes": [route("agreements-filtered", 800, 600), route("technology-area", 800, 100)],
        }
    )
    assert "one save every 2.0 s (12 saves" in table
    assert "75% of the throughput without writes (≥ 50%: met)" in table
    assert "12% of the throughput without writes (≥ 50%: MISSED)" in table
