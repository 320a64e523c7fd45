import os

from django.core.wsgi import get_wsgi_application

# Always the floors' settings, whatever the environment says (bench/run.py sets
# DJANGO_SETTINGS_MODULE=config.settings for everything else).
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
application = get_wsgi_application()
