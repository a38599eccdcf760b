"""Benchmark the site under gunicorn against generated corpora (`make bench`).

    python bench/run.py --target pg=postgres://postgres@127.0.0.1:5432/coop_bench \
                        --target sqlite=sqlite:///tmp/coop_bench.sqlite3

For each target database: the probe (bench/probe.py) picks concrete URLs from the
corpus and counts each route's SQL queries; gunicorn serves the app with the
production configuration (gunicorn.conf.py when present; flags override it) on a
loopback port; the load generator (wrk, else a Python one) keeps 8 connections
busy on each route for a bounded time; the minimal view (/bench/minimal/, no
database) is measured before and after, and each route's throughput is printed
as a ratio to it. Worker memory (RSS) is read after the run. A table per
database is printed and everything is saved as JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.probe import BUDGETS, COLD_BUDGETS, MINIMAL  # noqa: E402

BENCH_SECRET = "benchmark-only-not-secret"  # loopback only, never a deployed key


def parse_target(spec: str) -> tuple[str, dict[str, str]]:
    """'label=postgres://…' or 'label=sqlite:///path' → (label, environment)."""
    label, sep, url = spec.partition("=")
    if not sep or not label or not url:
        raise argparse.ArgumentTypeError(f"--target must be label=URL, got {spec!r}")
    if url.startswith("sqlite:///"):
        return label, {"SQLITE_PATH": url.removeprefix("sqlite://"), "DATABASE_URL": ""}
    if url.startswith(("postgres://", "postgresql://")):
        return label, {"DATABASE_URL": url}
    raise argparse.ArgumentTypeError(f"--target URL must be postgres:// or sqlite:///, got {url!r}")


def django_env(db_env: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **db_env}
    if not env.get("DATABASE_URL"):
        env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["DEBUG"] = "false"
    # Plain HTTP on loopback: production's TLS ends at a proxy, which is not measured.
    env.setdefault("HTTPS", "false")
    env.setdefault("SECRET_KEY", BENCH_SECRET)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def gunicorn_command(args: argparse.Namespace) -> list[str]:
    command = [sys.executable, "-m", "gunicorn"]
    config = args.gunicorn_config or (ROOT / "gunicorn.conf.py")
    if Path(config).exists():
        command += ["--config", str(config)]
    # Flags override the configuration file: the budgets are for 2 sync workers.
    command += [
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        "--worker-class=sync",
        *args.gunicorn_arg,
        "cooperation.wsgi:application",
    ]
    return command


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def wait_until_idle(url: str, timeout: float = 120) -> float:
    """Wait until the workers have finished what a slow route left queued.

    Sync workers keep serving requests already accepted after the load
    generator hung up, which would otherwise be charged to the next route.
    Idle means two minimal requests in a row answer quickly. Returns seconds waited.
    """
    started = time.monotonic()
    quick = 0
    while quick < 2 and time.monotonic() - started < timeout:
        begin = time.monotonic()
        with contextlib.suppress(urllib.error.URLError, OSError):
            urllib.request.urlopen(url, timeout=timeout).read()
        quick = quick + 1 if time.monotonic() - begin < 0.05 else 0
    return time.monotonic() - started


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def probe(env: dict[str, str]) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.probe"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"the probe failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


# Measured again while bench/writer.py saves an entry every few seconds (issue 16).
WRITE_LOAD_ROUTES = ("agreements-filtered", "technology-area")


def start_writer(env: dict[str, str], interval: float, log) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "bench" / "writer.py"), f"--interval={interval}"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=log,
                            text=True)  # fmt: skip


def stop_writer(writer: subprocess.Popen) -> dict:
    writer.send_signal(signal.SIGTERM)
    out, _ = writer.communicate(timeout=60)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"saves": 0, "error": f"exit {writer.returncode}"}


def bench_target(
    label: str, db_env: dict[str, str], args: argparse.Namespace, page_cache: bool
) -> dict:
    env = django_env(db_env)
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"  # every request renders: the cold cost
    label = f"{label}, page cache {'on' if page_cache else 'off'}"
    print(f"\n== {label}: probing routes and counting queries", flush=True)
    routes = probe(env)
    if args.routes:
        routes = [r for r in routes if r["name"] in args.routes or r["name"] == MINIMAL]
    base = f"http://127.0.0.1:{args.port}"
    log_path = Path(args.output) / f"gunicorn-{label}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = gunicorn_command(args)
    print(f"== {label}: {' '.join(command[2:])}", flush=True)
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        wait_until_up(base + "/bench/minimal/")
        baseline = []

        def measure(route: dict) -> dict:
            url = base + route["url"]
            if args.warmup:
                load.run(url, duration=args.warmup, connections=args.connections,
                         threads=args.threads, generator=args.generator)  # fmt: skip
                wait_until_idle(base + "/bench/minimal/")
            figures = load.run(url, duration=args.duration, connections=args.connections,
                               threads=args.threads, generator=args.generator)  # fmt: skip
            figures["drain_s"] = round(wait_until_idle(base + "/bench/minimal/"), 1)
            print(
                f"   {route['name']:<20} {figures['rps']:8.1f} req/s  "
                f"p95 {figures['p95_ms']:7.1f} ms  errors {figures['errors']}",
                flush=True,
            )
            return figures

        minimal = next(r for r in routes if r["name"] == MINIMAL)
        baseline.append(measure(minimal))
        for route in routes:
            if route["name"] != MINIMAL and route["state"] == "ok":
                route["load"] = measure(route)
        baseline.append(measure(minimal))  # again at the end: the machine is noisy
        rss = worker_rss_mb(server.pid)
        writes = None
        if page_cache and args.write_load:
            print(f"== {label}: again, with a save every {args.write_interval:g} s", flush=True)
            with open(log_path, "a") as log:
                writer = start_writer(env, args.write_interval, log)
            try:
                time.sleep(args.write_interval)  # its first save is in
                for route in routes:
                    if route["name"] in WRITE_LOAD_ROUTES and "load" in route:
                        route["under_writes"] = measure(route)
            finally:
                writes = stop_writer(writer)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    minimal_rps = sum(b["rps"] for b in baseline) / len(baseline)
    minimal["load"] = {**baseline[0], "rps": minimal_rps, "runs": baseline}
    for route in routes:
        if "load" in route:
            route["load"]["ratio"] = route["load"]["rps"] / minimal_rps if minimal_rps else 0.0
            budget = (BUDGETS if page_cache else COLD_BUDGETS).get(route["group"])
            if budget:
                route["budget"] = {
                    "min_ratio": budget[0],
                    "max_p95_ms": budget[1],
                    "met": route["load"]["ratio"] >= budget[0]
                    and route["load"]["p95_ms"] <= budget[1]
                    and route["load"]["errors"] == 0,
                }
        if "under_writes" in route:
            route["under_writes"]["kept"] = (
                route["under_writes"]["rps"] / route["load"]["rps"] if route["load"]["rps"] else 0
            )
    return {
        "label": label,
        "database": "postgresql" if db_env.get("DATABASE_URL") else "sqlite",
        "page_cache": page_cache,
        "gunicorn": command[2:],
        "routes": routes,
        "worker_rss_mb": rss,
        "writes": writes,
    }


def format_table(result: dict) -> str:
    header = (
        f"{'route':<20} {'state':<8} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'SQL':>6} {'budget':>14}  url / note"
    )
    lines = [f"### {result['label']} ({result['database']})", header, "-" * len(header)]
    for r in result["routes"]:
        figures = r.get("load")
        if figures:
            cells = (
                f"{figures['rps']:8.1f} {figures['ratio']:6.0%} {figures['p50_ms']:8.1f} "
                f"{figures['p95_ms']:8.1f} {figures['p99_ms']:8.1f}"
            )
        else:
            cells = f"{'—':>8} {'—':>6} {'—':>8} {'—':>8} {'—':>8}"
        budget = r.get("budget")
        verdict = ""
        if budget:
            mark = "met" if budget["met"] else "MISSED"
            verdict = f"{budget['min_ratio']:.0%}/{budget['max_p95_ms']}ms {mark}"
        elif r["group"] in (budgets := BUDGETS if result.get("page_cache", True) else COLD_BUDGETS):
            low, high = budgets[r["group"]]
            verdict = f"{low:.0%}/{high}ms"
        queries = (
            "—"
            if r["queries"] is None or r["state"] == "missing"
            else f"{r['queries']}/{r.get('queries_cold', r['queries'])}"
        )
        state = r["state"] if r["state"] != "ok" else ("ok" if not figures or not figures.get(
            "errors") else f"{figures['errors']}err")  # fmt: skip
        lines.append(
            f"{r['name']:<20} {state:<8} {cells} {queries:>6} {verdict:>14}  "
            f"{r['url']}  ({r['note']})"
        )
    rss = ", ".join(f"{v:.0f}" for v in result["worker_rss_mb"])
    lines.append(f"worker RSS after the run: {rss} MB (budget ≤ 200 MB each)")
    if result.get("writes"):
        lines.append(format_write_load(result))
    return "\n".join(lines)


def format_write_load(result: dict) -> str:
    """Throughput kept while a curator saves (issue 16: ≥ 50% of that with no writes)."""
    writes = result["writes"]
    lines = [
        f"with one save every {writes.get('interval_s', '?')} s ({writes.get('saves', 0)} saves, "
        f"p50 {writes.get('save_p50_ms')} ms each):"
    ]
    for r in result["routes"]:
        if "under_writes" in r:
            w = r["under_writes"]
            mark = "met" if w["kept"] >= 0.5 and not w["errors"] else "MISSED"
            lines.append(
                f"  {r['name']:<20} {w['rps']:8.1f} req/s  p95 {w['p95_ms']:7.1f} ms  "
                f"{w['kept']:4.0%} of the throughput without writes (≥ 50%: {mark})"
            )
    return "\n".join(lines)


def compare_queries(results: list[dict]) -> str:
    """Queries per request of each route rendered cold, side by side: they must not grow
    with the corpus."""
    names = [r["name"] for r in results[0]["routes"]]
    lines = ["### SQL queries per request by target", "route".ljust(20) + "".join(
        f"{res['label']:>14}" for res in results)]  # fmt: skip
    for name in names:
        row = name.ljust(20)
        for res in results:
            route = next((r for r in res["routes"] if r["name"] == name), None)
            value = (
                "—"
                if route is None or route["state"] == "missing"
                else route.get("queries_cold", route["queries"])
            )
            row += f"{value!s:>14}"
        lines.append(row)
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", action="append", type=parse_target, required=True,
                        help="label=postgres://… or label=sqlite:///path (repeatable)")  # fmt: skip
    parser.add_argument("--duration", type=float, default=10, help="seconds per route")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before each route")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--gunicorn-config", help="default: gunicorn.conf.py when present")
    parser.add_argument("--gunicorn-arg", action="append", default=[],
                        help="extra gunicorn flag, e.g. --gunicorn-arg=--timeout=60")  # fmt: skip
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--routes", nargs="*", help="only these routes (names)")
    parser.add_argument(
        "--page-cache",
        choices=["on", "off", "both"],
        default="on",
        help="off renders every request (PAGE_CACHE_SECONDS=0): the cold cost; both: off, then on",
    )
    parser.add_argument(
        "--no-page-cache", dest="page_cache", action="store_const", const="off",
        help="the same as --page-cache=off",
    )  # fmt: skip
    parser.add_argument(
        "--write-load", action="store_true",
        help=f"with the page cache on, measure {', '.join(WRITE_LOAD_ROUTES)} again "
        "while bench/writer.py saves an entry every --write-interval seconds",
    )  # fmt: skip
    parser.add_argument("--write-interval", type=float, default=2.0)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args(argv)

    generator = args.generator
    if generator == "auto":
        generator = "wrk" if load.have_wrk() else "python"
    print(f"load generator: {generator}; {args.connections} connections, "
          f"{args.duration:g} s per route; gunicorn {args.workers} sync workers; "
          f"page cache {args.page_cache}")  # fmt: skip

    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=django_env({"DATABASE_URL": ""}),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if collect.returncode:
        print(collect.stderr, file=sys.stderr)
        return 1

    started = datetime.datetime.now(datetime.UTC)
    modes = {"on": [True], "off": [False], "both": [False, True]}[args.page_cache]
    results = [
        bench_target(label, env, args, page_cache)
        for page_cache in modes
        for label, env in args.target
    ]
    report = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "workers": args.workers,
            "generator": generator,
            "page_cache": args.page_cache,
            "write_load": args.write_load,
            "write_interval_s": args.write_interval,
        },
        "targets": results,
    }
    print()
    for result in results:
        print(format_table(result), end="\n\n")
    if len(results) > 1:
        print(compare_queries(results), end="\n\n")
    out = Path(args.output) / f"bench-{started:%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"saved {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
