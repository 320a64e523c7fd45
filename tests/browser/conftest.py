"""The browser matrix's fixture: its data, its own live server and one logged-in browser
context per role and language, made once for the whole matrix (not per case).

The data is built once and committed, outside any per-test transaction, so the few hundred
cases read it without reloading; the fixture empties the database when the matrix is done
(as a TransactionTestCase does after each test), so the tests after it start clean. Hence
module scope: pytest-django's session-wide ``live_server`` would put every case in a
transactional test that empties the database after each case, so the matrix runs its own."""

import json
import os
import time
from pathlib import Path

import pytest

from tests.browser import matrix
from tests.browser.pages import PAGES, ROLES, build_world

CONTEXT_LOCALES = {"da": "da-DK", "en": "en-GB", "de": "de-DE"}


class Matrix:
    """One page per (role, language), made on first use; each (page, language) visited once,
    on first use, at every viewport, its results then read by each check's case."""

    def __init__(self, browser, server_url: str, world, sessions: dict[str, str]):
        self.browser = browser
        self.url = server_url
        self.world = world
        self.sessions = sessions
        self.pages = {page.id: page for page in PAGES}
        self._tabs: dict[tuple[str, str], object] = {}
        self.results: dict[tuple[str, str, str], matrix.PageResult] = {}
        self.seconds = 0.0

    def _tab(self, role: str, lang: str):
        key = (role, lang)
        if key not in self._tabs:
            context = self.browser.new_context(locale=CONTEXT_LOCALES[lang])
            if role in self.sessions:
                from django.conf import settings

                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": self.sessions[role],
                            "url": self.url,
                        }
                    ]
                )
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            self._tabs[key] = tab
        return self._tabs[key]

    def result(self, page_id: str, lang: str, viewport: str) -> matrix.PageResult:
        key = (page_id, lang, viewport)
        if key not in self.results:
            self._visit(page_id, lang)
        return self.results[key]

    def _visit(self, page_id: str, lang: str) -> None:
        spec = self.pages[page_id]
        path = spec.url(self.world, lang)
        viewports = tuple(matrix.VIEWPORTS)
        started = time.monotonic()
        try:
            found = matrix.visit(
                self._tab(spec.role, lang),
                self.url + path,
                lang=lang,
                viewports=viewports,
                redirect_to=spec.landing(self.world, lang),
                status=spec.status,
                axe_viewports=matrix.AXE_VIEWPORTS if spec.axe else (),
            )
        except Exception as error:  # a page that does not load fails every check
            found = {}
            for viewport in viewports:
                found[viewport] = matrix.PageResult(url=path, lang=lang, viewport=viewport)
                for check in matrix.CHECKS:
                    found[viewport].findings[check].append(f"did not load: {error}"[:300])
        self.seconds += time.monotonic() - started
        for viewport, result in found.items():
            self.results[(page_id, lang, viewport)] = result

    def close(self) -> None:
        for tab in self._tabs.values():
            tab.context.close()

    def write_report(self, path: Path) -> None:
        rows = [
            {
                "page": page_id,
                "lang": lang,
                "viewport": viewport,
                "url": result.url,
                "findings": result.findings,
                "axe_minor": result.axe_minor,
            }
            for (page_id, lang, viewport), result in self.results.items()
        ]
        path.write_text(json.dumps({"seconds_in_pages": self.seconds, "rows": rows}, indent=1))


def _sessions(world) -> dict[str, str]:
    """A logged-in session per role, made by Django's test client: the log-in form is the
    subject of its own tests, and one form log-in per role would buy nothing here."""
    from django.conf import settings
    from django.test import Client

    sessions = {}
    for role in ROLES:
        if role in world.users:
            client = Client()
            client.force_login(world.users[role])
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture(scope="module")
def matrix_run(browser, django_db_setup, django_db_blocker):
    from django.core.management import call_command
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = run = None
        try:
            # Hashing strength is not the subject here; PBKDF2 would cost seconds per user.
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                world = build_world()
                sessions = _sessions(world)
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            run = Matrix(browser, server.url, world, sessions)
            yield run
        finally:
            if run is not None:
                run.close()
                report = os.environ.get("MATRIX_REPORT")
                if report:
                    run.write_report(Path(report))
            if server is not None:
                server._live_server_modified_settings.disable()
                server.stop()
            # Also after a failed build: what it committed must not reach the next tests.
            call_command("flush", verbosity=0, interactive=False)
