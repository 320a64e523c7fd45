"""The 429 page in real Chromium (issue 13): a visitor who sends find-my-booking too often
gets the site's own page in their language, readable at phone width and on the desktop, with
no axe-core finding, no overflow and no untranslated text. (The matrix visits pages with GET;
this page only answers a POST, so it is checked here with the matrix's own checks.)"""

import pytest
from django.core.cache import cache

from tests.browser import matrix

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"da": "da-DK", "en": "en-GB", "de": "de-DE"}
HEADINGS = {
    "da": "For mange forsøg på kort tid",
    "en": "Too many attempts in a short time",
    "de": "Zu viele Versuche in kurzer Zeit",
}


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_the_429_page_is_clear_in_each_language_and_width(live_server, browser, settings, lang):
    settings.RATE_LIMITS_RATES = {
        **settings.RATE_LIMITS_RATES,
        "lost_link": {"client": ("1/h",), "target": ("1000/h",)},
    }
    prefix = "" if lang == "da" else f"/{lang}"
    for name, viewport in matrix.VIEWPORTS.items():
        cache.clear()  # every viewport starts under the limit
        context = browser.new_context(viewport=viewport, locale=LOCALES[lang])
        page = context.new_page()
        page.set_default_timeout(15_000)
        statuses = []
        for _ in range(2):
            page.goto(f"{live_server.url}{prefix}/find-my-booking/")
            page.locator("input[name=email]").fill("anne@example.dk")
            page.locator("input[name=reference]").fill("ABCD-EFGH")
            with page.expect_navigation() as navigation:
                page.locator("main form [type=submit]").click()
            statuses.append(navigation.value.status)
        assert statuses == [200, 429], name
        assert page.get_by_role("heading", level=1).inner_text() == HEADINGS[lang]
        assert page.locator("html").get_attribute("lang") == lang
        result = matrix.PageResult(url=page.url, lang=lang, viewport=name)
        matrix._check_overflow(result, page)
        if lang != "en":
            matrix._check_untranslated(result, page, lang)
        page.evaluate(matrix.axe_script())
        matrix._check_axe(result, page)
        assert result.failed() == [], (name, result.findings)
        context.close()
