"""Run PostgreSQL's client tools against the configured database."""

from __future__ import annotations

import os
import shutil
import subprocess

from django.core.management.base import CommandError
from django.db import connections


def pg_settings(database: str = "default") -> dict:
    db = connections[database].settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError(
            "Backups use pg_dump and pg_restore, so they need PostgreSQL: set DATABASE_URL. "
            "(A SQLite database is one file: copy db.sqlite3 while the site is stopped.)"
        )
    return db


def pg_env(db: dict) -> dict[str, str]:
    """Connection parameters as libpq variables, so the password is never on a command line."""
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    env["PGDATABASE"] = db["NAME"]
    return env


def run_tool(tool: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    path = shutil.which(tool)
    if path is None:
        raise CommandError(
            f"{tool} is not installed (PostgreSQL client tools); install postgresql-client "
            "of the server's major version, or run it in the database container."
        )
    result = subprocess.run([path, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{tool} failed: {result.stderr.strip()}")
    return result


def archive_tables(path: str, env: dict[str, str]) -> list[str]:
    """The tables whose data a custom-format archive holds (also proves it is readable)."""
    listing = run_tool("pg_restore", ["--list", path], env).stdout
    return [
        line.split(" TABLE DATA ", 1)[1].split()[1]
        for line in listing.splitlines()
        if " TABLE DATA " in line and not line.startswith(";")
    ]
