"""The production environment: settings read in a fresh process, as gunicorn would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "SECRET_KEY": "k3Y-for-tests-only-6b1f0c2e9a7d4c8b-lN5qR8sT2vX4zA7cE1gJ3mP6uW9yB0dF",
    "ALLOWED_HOSTS": "kb.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://kb.example.org",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ("
    "'DEBUG','ALLOWED_HOSTS','CSRF_TRUSTED_ORIGINS','SECURE_SSL_REDIRECT','SECURE_PROXY_SSL_HEADER',"
    "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS','X_FRAME_OPTIONS')}"
    " | {'db': s.DATABASES['default']}, default=str))"
)


# Variables the production environment sets itself (a test run's own are not inherited).
PRODUCTION_OWNS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "HTTPS",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "HTTPS",
            "CSRF_TRUSTED_ORIGINS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean["DJANGO_SETTINGS_MODULE"] = "cooperation.settings"
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_defaults_are_secure():
    result = run(["-c", SHOW], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout)
    assert s["DEBUG"] is False
    assert s["ALLOWED_HOSTS"] == ["kb.example.org"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://kb.example.org"]
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["X_FRAME_OPTIONS"] == "DENY"


def test_plain_http_can_be_asked_for_a_local_run():
    result = run(["-c", SHOW], **PRODUCTION, HTTPS="false")
    s = json.loads(result.stdout)
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0


def test_persistent_connections_are_health_checked():
    url = "postgres://kb@db.internal:5432/kb"
    result = run(["-c", SHOW], **PRODUCTION, DATABASE_URL=url)
    db = json.loads(result.stdout)["db"]
    assert db["CONN_MAX_AGE"] > 0
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list the site's host names"),
        ({"ALLOWED_HOSTS": "kb.example.org,*"}, "ALLOWED_HOSTS must list the site's host names"),
        ({"HTTPS": "sometimes"}, "HTTPS must be a boolean"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be json or plain"),
    ],
)
def test_unsafe_or_bad_settings_refuse_to_start(env, message):
    result = run(["manage.py", "check"], **{**PRODUCTION, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_only_when_asked():
    result = run(["-c", SHOW], **PRODUCTION, DEBUG="true")
    assert json.loads(result.stdout)["DEBUG"] is True
