"""The browser matrix: every public, workspace and organiser page, in da, en and de, at two
phone widths and on a desktop, loaded in real Chromium and checked by tests/browser/matrix.py
(status, <html lang>, horizontal overflow, untranslated text, axe-core, off-site requests).

One case per (page, language, viewport, check). Each page is loaded once per language, at the
first phone width, then resized to the others (see matrix.visit); the load's own checks
(status, lang, requests) are cases of the first viewport only. Known failures are listed in
known_failures.py and expected to fail (strictly: a fixed one must leave the list)."""

import pytest

from tests.browser.known_failures import KNOWN_FAILURES
from tests.browser.matrix import AXE_VIEWPORTS, CHECKS, LANGS, LOAD_CHECKS, VIEWPORTS
from tests.browser.pages import PAGES

# The data is the module fixture's, committed once; django_db only tells pytest-django to set
# up the test database, and each case's (empty) transaction costs about a millisecond.
FIRST_VIEWPORT = next(iter(VIEWPORTS))

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def checks_at(viewport: str, lang: str, page) -> list[str]:
    """The checks the matrix makes for a page in one language at one viewport."""
    checks = []
    for check in CHECKS:
        if check in LOAD_CHECKS and viewport != FIRST_VIEWPORT:
            continue  # made once per load, at the first viewport
        if check == "untranslated" and lang == "en":
            continue  # English is the catalogues' source language
        if check == "axe" and (viewport not in AXE_VIEWPORTS or not page.axe):
            continue
        checks.append(check)
    return checks


def _cases():
    for page in PAGES:
        for lang in LANGS:
            for viewport in VIEWPORTS:
                for check in checks_at(viewport, lang, page):
                    key = (page.id, lang, viewport, check)
                    reason = KNOWN_FAILURES.get(key)
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    yield pytest.param(*key, id="-".join(key), marks=marks)


CASES = list(_cases())


@pytest.mark.parametrize(("page_id", "lang", "viewport", "check"), CASES)
def test_page(matrix_run, page_id, lang, viewport, check):
    result = matrix_run.result(page_id, lang, viewport)
    findings = result.findings[check]
    assert not findings, f"{check} at {result.url} ({viewport}):\n  " + "\n  ".join(findings)


def test_known_failures_name_real_cases():
    """A typo in known_failures.py would silently expect nothing."""
    keys = {tuple(case.values) for case in CASES}
    assert set(KNOWN_FAILURES) <= keys, sorted(set(KNOWN_FAILURES) - keys)[:5]
