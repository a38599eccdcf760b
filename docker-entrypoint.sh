#!/bin/sh
# The web container's entry point: bring the schema and the seed data up to
# date (both idempotent), then hand the process over to gunicorn, configured by
# gunicorn.conf.py (bind, workers and logs can be overridden from the environment).
set -eu
python manage.py migrate --noinput
python manage.py load_fixtures
exec gunicorn --config gunicorn.conf.py cooperation.wsgi:application
