FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
# DejaVu Sans: the font of the link-preview cards (cooperation/cards.py), which has
# the accents and dashes of the names the record holds. gettext: msgfmt compiles the
# translations (locale/) at build time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are hashed and compressed once, at build time; whitenoise serves them.
# The key only lets settings load for this step; the running container needs its own.
RUN SECRET_KEY=collectstatic-only python manage.py compilemessages --ignore=tools \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --no-create-home app

# The code and static files stay root-owned: the process cannot change them.
USER app
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "healthcheck.py"]
ENTRYPOINT ["./docker-entrypoint.sh"]
