"""The container's health check: exit 0 when /healthz answers 200 (database reachable).

It asks for the first of ALLOWED_HOSTS, because Django refuses any other Host
header; /healthz is exempt from the HTTPS redirect, so plain HTTP inside works.
"""

import os
import sys
import urllib.request

port = os.getenv("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
hosts = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
host = hosts[0].lstrip(".") if hosts else "localhost"
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as exc:
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
