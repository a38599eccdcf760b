"""Build a benchmark corpus in a database of its own (`make bench-corpus`).

    python bench/corpus.py --scale 1 postgres://postgres@127.0.0.1:5432/coop_bench
    python bench/corpus.py --scale 1 sqlite:///path/to/corpus.sqlite3

Creates the PostgreSQL database when missing, migrates it, then runs
`manage.py generate_corpus --replace` (which still refuses real content).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import django_env, parse_target  # noqa: E402


def create_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="postgres://… or sqlite:///path")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _, db_env = parse_target(f"corpus={args.url}")
    if db_env.get("DATABASE_URL"):
        create_postgres_database(args.url)
    env = django_env(db_env)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    generate = ["generate_corpus", f"--scale={args.scale}", f"--seed={args.seed}", "--replace"]
    return subprocess.run([*manage, *generate], env=env, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
