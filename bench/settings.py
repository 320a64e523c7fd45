"""The floors' settings: the project's own (same apps, same database), with no middleware
and only the floors' URLs (bench/urls.py). What a booking or a slot listing costs at the very
least in Django on this machine."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE: list[str] = []
# The same persistent connection, without the health check's extra round trip (a SELECT 1)
# at the start of every request: a floor need not pay for surviving a database restart.
DATABASES = {"default": {**DATABASES["default"], "CONN_HEALTH_CHECKS": False}}  # noqa: F405
