#!/bin/sh
# The web container's entry point: bring the schema and the seed data up to
# date (both idempotent; replicas starting together take turns), then hand the
# process over to gunicorn, configured by gunicorn.conf.py (bind, workers and
# logs can be overridden from the environment).
set -eu
python manage.py prepare_database
exec gunicorn --config gunicorn.conf.py cooperation.wsgi:application
