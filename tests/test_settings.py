import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cooperation.settings import database_from_url, envbool, envint, redis_cache_from_url


def test_envbool_reads_common_spellings_and_refuses_others(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert envbool("FLAG", "false") is True
    monkeypatch.setenv("FLAG", "off")
    assert envbool("FLAG", "true") is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        envbool("FLAG", "false")


@pytest.mark.parametrize("value", ["two", "", "1.5", "-5"])
def test_envint_refuses_non_numbers_and_negatives(monkeypatch, value):
    monkeypatch.setenv("WORKERS", value)
    with pytest.raises(ImproperlyConfigured, match="WORKERS"):
        envint("WORKERS", "2")


def test_envint_reads_a_number_and_honours_a_minimum(monkeypatch):
    monkeypatch.setenv("WORKERS", " 3 ")
    assert envint("WORKERS", "2") == 3
    monkeypatch.setenv("WORKERS", "0")
    assert envint("WORKERS", "2") == 0
    with pytest.raises(ImproperlyConfigured, match="WORKERS must be at least 1, got 0"):
        envint("WORKERS", "2", minimum=1)


def test_database_url_selects_postgresql():
    db = database_from_url("postgres://kb:s%40cret@db.internal:6543/knowledge")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "knowledge",
        "kb",
        "s@cret",
        "db.internal",
        "6543",
    )
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host", "postgres://host:port/db"])
def test_a_bad_database_url_fails_loudly(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_redis_url_selects_django_redis_cache():
    cache = redis_cache_from_url("rediss://:s3cret@cache.internal:6380/2", prefix="pages")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "rediss://:s3cret@cache.internal:6380/2"
    assert cache["KEY_PREFIX"] == "pages"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://cache:6379/0", "must start with redis:// or rediss://"),
        ("cache:6379", "must start with redis:// or rediss://"),
        ("redis:///0", "must name a host"),
        ("redis://cache:port/0", "port that is not a number"),
        ("redis://cache:6379/pages", "database must be a number"),
    ],
)
def test_a_bad_redis_url_fails_loudly(url, message):
    with pytest.raises(ImproperlyConfigured, match=f"REDIS_URL.*{message}"):
        redis_cache_from_url(url, prefix="pages")


def _caches_in_a_fresh_process(**env: str) -> dict:
    script = "import json, cooperation.settings as s; print(json.dumps(s.CACHES, default=str))"
    clean = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**clean, "SECRET_KEY": "test-only-not-secret", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_every_shared_cache_moves_to_redis_when_redis_url_is_set():
    caches = _caches_in_a_fresh_process(REDIS_URL="redis://127.0.0.1:6379/0")
    assert {c["BACKEND"] for c in caches.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }
    assert {c["LOCATION"] for c in caches.values()} == {"redis://127.0.0.1:6379/0"}
    # One Redis database for both: their prefixes keep the keys apart.
    assert caches["pages"]["KEY_PREFIX"] != caches["default"]["KEY_PREFIX"]


def test_without_redis_url_the_caches_need_no_server():
    caches = _caches_in_a_fresh_process()
    assert caches["pages"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REDIS_URL": "memcached://cache:11211"}, "REDIS_URL must start with redis://"),
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL must start with postgres://"),
        (
            {"DATABASE_URL": "postgres://u@h/db", "DB_CONN_MAX_AGE": "x"},
            "DB_CONN_MAX_AGE must be an integer",
        ),
        (
            {"DATABASE_URL": "postgres://u@h/db", "DB_CONN_MAX_AGE": "-5"},
            "DB_CONN_MAX_AGE must be at least 0",
        ),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT must be at least 1"),
    ],
)
def test_the_settings_module_refuses_a_bad_environment(env, message):
    # A fresh interpreter, so the module reads this environment rather than the test run's.
    result = subprocess.run(
        [sys.executable, "-c", "import cooperation.settings"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "SECRET_KEY": "test-only-not-secret", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
