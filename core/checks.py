"""System checks for settings every app relies on.

A missing SITE_URL is a deployment check (`check --deploy`, which `make test` runs under the
documented production environment): the processes that write links refuse to start without
it on their own (config/wsgi.py and config/asgi.py, and `db_worker`, which sends the mail),
so developer commands that write no link (`makemigrations --check`, `migrate`, `shell`) run
without it. A SITE_URL that is set but malformed is an error for every command."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


@register(deploy=True)
def check_site_url_set(app_configs, **kwargs) -> list[Error]:
    """SITE_URL is the start of every link in mails and calendar files: production (DEBUG=0)
    must set it."""
    if not settings.SITE_URL:
        return [
            Error(
                "SITE_URL is not set.",
                hint="Set SITE_URL in the environment to the site's public address, e.g. "
                "SITE_URL=https://booking.example.dk (see .env.example). With DEBUG=1 it "
                "follows PORT.",
                id="core.E001",
            )
        ]
    return []


@register()
def check_site_url_form(app_configs, **kwargs) -> list[Error]:
    """A SITE_URL that is set must be an absolute http(s) address of a host."""
    site_url = settings.SITE_URL
    if not site_url:
        return []
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path:
        return [
            Error(
                f"SITE_URL {site_url!r} is not an absolute http(s) address of a host.",
                hint="Write scheme and host, without a path, e.g. https://booking.example.dk",
                id="core.E002",
            )
        ]
    return []


LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
def check_rate_limit_cache(app_configs, **kwargs) -> list[Warning]:
    """Rate limits count in the default cache: in production it must be shared (Redis), or
    every process counts alone and a limit of 5 lets 5 through per process."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.RATELIMIT_ENABLE and backend in LOCAL_CACHES:
        return [
            Warning(
                "Rate limits are counted in a cache of each process's own.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so every process and host "
                "counts the same requests (docs/security.md).",
                id="core.W001",
            )
        ]
    return []
