"""The short soak: gunicorn under 64 connections, PostgreSQL killed and restarted mid-run.

It runs a private throwaway PostgreSQL cluster (never the shared server), so it
needs the PostgreSQL server binaries; `make soak` runs the long version.
"""

import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .ports import free_ports


def _why_not() -> str:
    # A PostgreSQL fault test: it belongs to the PostgreSQL pass of the suite (CI
    # runs the SQLite and PostgreSQL passes side by side; their soaks would share ports).
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "the soak runs in the PostgreSQL pass (set DATABASE_URL)"
    if not (glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")):
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root with no postgres user to run initdb as"
    return ""


@pytest.mark.skipif(bool(_why_not()), reason=_why_not() or "runnable")
def test_short_soak_with_a_database_restart():
    web, database = free_ports(2)
    ports = ["--port", str(web), "--pg-port", str(database)]
    result = subprocess.run(
        [sys.executable, "bench/soak.py", "--short", *ports],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["steady"]["requests"] > 0 and report["steady"]["errors"] == 0
    fault = report["fault"]
    assert fault["errors_while_down"] > 0  # the outage really happened under load
    assert fault["errors_outside_outage"] == 0
    assert fault["requests_after_recovery"] > 0 and fault["errors_after_recovery"] == 0
    assert report["curator_record_kept"] is True
