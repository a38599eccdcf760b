"""Production settings plus what only the benchmark needs: its corpus generator and one
route, the minimal view every throughput is compared with.

Selected only by the benchmark (DJANGO_SETTINGS_MODULE=bench.settings); the site
itself never imports this module.
"""

from cooperation.settings import *  # noqa: F403
from cooperation.settings import BASE_DIR, INSTALLED_APPS

# The synthetic corpus and `manage.py generate_corpus`, for the benchmark only.
INSTALLED_APPS = [*INSTALLED_APPS, "bench.synthetic"]
ROOT_URLCONF = "bench.urls"
# The probe counts queries with Django's test client, whose host is "testserver".
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# collectstatic writes here, so the manifest storage of production is measured as is.
STATIC_ROOT = BASE_DIR / "bench" / ".static"
