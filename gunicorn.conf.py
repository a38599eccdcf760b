"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py cooperation.wsgi`.

Every value can be overridden from the environment (or on the command line).
"""

import multiprocessing
import os

bind = os.getenv("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: the usual 2 x cores + 1, since each waits on the database.
workers = int(os.getenv("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is stuck: the worker is replaced.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.getenv("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Load the application once in the master: a recycled worker is a fork, ready at
# once, instead of a fresh import of Django that stalls the requests queued
# behind it (under load, a third of a second every few thousand requests). No
# database connection is opened at import, so none is shared across the fork.
preload_app = True
# Connections waiting for a worker; a burst queues here instead of being refused.
backlog = 2048
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Several gunicorns (tests, CI, soak) run side by side on one host; the control
# socket would make them clash over one path, and production does not use it.
control_socket_disable = True

# Access and error logs go to stdout/stderr as one JSON object a line, like Django's.
accesslog = "-"
errorlog = "-"
loglevel = os.getenv("LOG_LEVEL", "info").lower()
_FORMAT = os.getenv("LOG_FORMAT", "json")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "cooperation.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "access": {
            "class": "logging.StreamHandler",
            "formatter": _FORMAT,
            "stream": "ext://sys.stdout",
        },
        "error": {
            "class": "logging.StreamHandler",
            "formatter": _FORMAT,
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
    },
}
