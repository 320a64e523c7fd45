import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (after the settings module is chosen)

if not settings.DEBUG and not os.environ.get("SECRET_KEY"):
    # Refuse to serve without a secret, before the first request rather than at it.
    from config.settings import require_secret_key

    require_secret_key()
