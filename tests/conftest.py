"""Shared fixtures, and the rule that tests needing PostgreSQL or Chromium are skipped with
a reason where those are missing, but fail under CI (CI=true), where they must run."""

import os
import shutil

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _missing(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return (
            "needs PostgreSQL: run `make test` with the server at 127.0.0.1:5432 "
            "(user postgres), or set DATABASE_URL=postgres://..."
        )
    if item.get_closest_marker("redis") and not _redis_answers():
        return "needs Redis at 127.0.0.1:6379 (or set TEST_REDIS_URL)"
    if item.get_closest_marker("browser") and not CHROMIUM:
        return "needs Chromium: apt-get install chromium (or set CHROMIUM_PATH)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing(item)
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true, so this test must run, but it {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_hosts(settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Danish). A request that activates another
    language (the API follows Accept-Language) leaves it active in the thread, and with the
    tests spread over processes the next test in that process would otherwise inherit it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _booking_limits(settings) -> None:
    """Tests book large parties and several times with one address on one departure; the
    limits on visitors' own bookings are tested where they are set (tests/booking/
    test_visitor_limits.py sets them in each test)."""
    settings.BOOKING_MAX_PLACES = 500
    settings.BOOKING_MAX_PER_EMAIL = 1000


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Photos written by tests (uploads, load_demo) go to a temporary MEDIA_ROOT, never to
    the working copy's var/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached feeds and rate-limit counters must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Real headless Chromium (Debian's package) driven by Playwright, shared by every browser test.
# Playwright's sync API keeps an event loop in the test's thread; the ORM calls the tests make
# around it are synchronous and safe, so Django's async guard is lifted for the session.
@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # Root in a container has no sandbox; the rest keeps Chromium off the network.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
