"""Load generators: wrk when installed, else a bounded pure-Python one.

Both keep `connections` keep-alive connections busy for `duration` seconds and
return the same figures: requests, requests/s, p50/p95/p99 latency in ms, errors.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

LUA_REPORT = Path(__file__).with_name("report.lua")


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run_wrk(url: str, *, duration: float, connections: int, threads: int) -> dict:
    command = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration))}s",
        "--timeout=10s",
        f"--script={LUA_REPORT}",
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH-JSON "))
    raw = json.loads(line.removeprefix("BENCH-JSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["errors"] + raw["non_2xx"],
        "generator": "wrk",
    }


def run_python(url: str, *, duration: float, connections: int, threads: int = 0) -> dict:
    """`connections` threads, one keep-alive connection each, until the deadline."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + duration
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", target)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[slot] += 1
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            latencies[slot].append(time.perf_counter() - start)
        conn.close()

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(duration + 15)
    elapsed = time.monotonic() - started
    values = sorted(v for slot in latencies for v in slot)
    return {
        "requests": len(values),
        "rps": len(values) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(values, 0.50) * 1000,
        "p95_ms": percentile(values, 0.95) * 1000,
        "p99_ms": percentile(values, 0.99) * 1000,
        "errors": sum(errors),
        "generator": "python",
    }


def run(url: str, *, duration: float, connections: int, threads: int, generator: str) -> dict:
    if generator == "auto":
        generator = "wrk" if have_wrk() else "python"
    if generator == "wrk":
        return run_wrk(url, duration=duration, connections=connections, threads=threads)
    return run_python(url, duration=duration, connections=connections)
