#!/bin/sh
# The web container's entry point: bring the schema and the seed data up to
# date (both idempotent), then hand the process over to gunicorn.
set -eu
python manage.py migrate --noinput
python manage.py load_fixtures
exec gunicorn cooperation.wsgi:application \
    --bind "${GUNICORN_BIND:-0.0.0.0:8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --access-logfile - \
    --error-logfile -
