"""Settings for the U.S.–Japan cooperation knowledge base.

Everything that differs between a laptop, CI and production is read from the
environment through the small helpers below, which fail loudly on a bad value
instead of silently falling back.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: str, minimum: int = 0) -> int:
    # Every integer setting is a count or a number of seconds/hours: a negative one is a
    # typo, not a wish, so it is refused rather than passed on to behave oddly.
    value = os.getenv(name, default)
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn postgres://user:password@host:port/name into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, got {parts.scheme!r}"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://host/name")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DATABASE_URL has a port that is not a number") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        # Persistent connections, checked before reuse so a restarted
        # database does not hand a dead connection to the next request.
        "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "60"),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": f"test_{name}"},
    }


def redis_cache_from_url(url: str, prefix: str) -> dict:
    """Turn redis://host:port/db into a CACHES entry shared by every web node.

    Checked here rather than on the first request: a typo would otherwise pass
    start-up and health checks, then fail every public page.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis:// or rediss://, got {parts.scheme!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("REDIS_URL must name a host, e.g. redis://redis:6379/0")
    try:
        parts.port  # noqa: B018 - reading the port is what parses it
    except ValueError:
        raise ImproperlyConfigured("REDIS_URL has a port that is not a number") from None
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured("REDIS_URL's database must be a number, e.g. redis://host/0")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        # Both aliases may share one Redis database: the prefix keeps their keys apart.
        "KEY_PREFIX": prefix,
        # A hung Redis fails a request in seconds instead of holding a worker until
        # gunicorn's timeout.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


DEBUG = envbool("DEBUG", "false")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development only: DEBUG is on, so this never serves real users.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
if "*" in ALLOWED_HOSTS:
    # A wildcard lets any Host header through: poisoned password-reset links and caches.
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names, not '*'")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# HTTPS is on by default outside DEBUG; HTTPS=false serves plain HTTP for a local
# production-like run. TLS ends at the reverse proxy, which says so in X-Forwarded-Proto.
HTTPS = envbool("HTTPS", "false" if DEBUG else "true")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
# The container health check speaks plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "reversion",  # content history for curators (issue 5)
    "axes",
    "cooperation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses public pages and feeds; never one with a CSRF token (BREACH).
    "cooperation.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): /ja/ pages in Japanese,
    # unprefixed ones in English, the admin in the curator's browser language.
    "cooperation.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cooperation.security.SecurityHeadersMiddleware",
    "cooperation.security.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out client before checking the password.
    "cooperation.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair out
# for an hour; each further try during the lock restarts the hour.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5", minimum=1)
AXES_COOLOFF_TIME = envint("LOGIN_LOCKOUT_HOURS", "1")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "429.html"
# The 429 page with Retry-After, which axes's own response does not send.
AXES_LOCKOUT_CALLABLE = "cooperation.security.lockout_response"
# Where a login goes when its `next` is missing or unsafe (another site): the
# admin, the only thing there is to log into, not Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"
AXES_CLIENT_IP_CALLABLE = "cooperation.security.client_ip"
# How many reverse proxies append to X-Forwarded-For in front of the site (0: none,
# trust only the socket's address). The client is that many entries from the right.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")

ROOT_URLCONF = "cooperation.urls"
WSGI_APPLICATION = "cooperation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.getenv("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.getenv("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English pages keep their unprefixed addresses (permalinks); Japanese ones live under /ja/
# (cooperation/urls.py). The catalogues are in locale/, compiled by `make run`/`make test`.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Public pages are cached whole per content version (cooperation/page_cache.py), in
# files every worker shares: a page rendered once serves all of them, and a
# worker recycled by gunicorn starts warm. The version row in the database tells
# them all at once when the content has changed. The directory holds pickles the
# site loads: it must be private to the site's user (Django creates it 0700).
# Off by default under DEBUG, so an edited template shows on the next reload.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "0" if DEBUG else "3600")
# Values read from the whole record (the home page's counts and area tree), kept per
# content version in the page cache's store whether or not pages are (cooperation/kept.py).
KEPT_SECONDS = envint("KEPT_SECONDS", "0" if DEBUG else "3600")
PAGE_CACHE_DIR = os.getenv(
    "PAGE_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"cooperation-pages-{os.getuid()}")
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": PAGE_CACHE_DIR,
        # Pages are 10–100 KB (a few KB compressed): this bounds the directory.
        "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", "5000")},
    },
}
# Several web nodes (issue 16) share one Redis instead: a page one node renders
# serves them all. The file cache above stays the default, needing no server.
# Redis bounds its own memory (maxmemory), so PAGE_CACHE_ENTRIES does not apply.
if os.getenv("REDIS_URL"):
    CACHES = {
        alias: redis_cache_from_url(os.environ["REDIS_URL"], prefix=alias)
        for alias in ("default", "pages")
    }

# Where load_fixtures reads and export_fixtures writes the curated data.
FIXTURES_DIR = BASE_DIR / "fixtures"

# One JSON object a line on stderr, for a log collector; LOG_FORMAT=plain for humans.
LOG_FORMAT = os.getenv("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, got {LOG_FORMAT!r}")
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cooperation.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Errors reach the console handler through the root; no e-mails to admins.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
