import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Refuse to serve without a secret or a public address, before the first request rather
# than at it (gunicorn runs no system checks).
from config.settings import require_secret_key, require_site_url  # noqa: E402

require_secret_key()
require_site_url()

# The first request's imports and template compiling, done now: with gunicorn's preload_app
# (config/gunicorn.py) once in the master for every worker it forks (core/warmup.py).
from core.warmup import warm_up  # noqa: E402

warm_up()
