import pytest
from django.core.exceptions import ImproperlyConfigured

from cooperation.settings import database_from_url, envbool, envint


def test_envbool_reads_common_spellings_and_refuses_others(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert envbool("FLAG", "false") is True
    monkeypatch.setenv("FLAG", "off")
    assert envbool("FLAG", "true") is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        envbool("FLAG", "false")


def test_envint_refuses_non_numbers(monkeypatch):
    monkeypatch.setenv("WORKERS", "two")
    with pytest.raises(ImproperlyConfigured, match="WORKERS"):
        envint("WORKERS", "2")


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
