"""Every form, submitted in every language through real Chromium, on a phone and on a desktop:
with valid data it succeeds, with invalid data the error is shown in the page's language.

Issue 12 found the programme editor usable only under /en/ (its date inputs got 15.12.2026,
which the browser refuses and shows empty); these tests run each form as its user would, in
da, en and de, so a form that works only in English cannot pass."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.models import Stop
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGS = ("da", "en", "de")
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
CASES = [pytest.param(lang, size, id=f"{lang}-{size}") for lang in LANGS for size in VIEWPORTS]
LOCALES = {"da": "da-DK", "en": "en-GB", "de": "de-DE"}


def t(lang: str, msgid: str) -> str:
    with translation.override(lang):
        return gettext(msgid)


def url(lang: str, view: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(view, kwargs=kwargs)


def weekday_in(days: int):
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def at(day, hour: int, minute: int = 0):
    midnight = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    return midnight + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def open_tab(browser, live_server):
    """open_tab(lang, size, user=None) -> a Chromium tab in that locale and viewport, logged in
    as `user` (a session made by the test client: the log-in form has its own tests)."""
    contexts = []

    def open_(lang: str, size: str, user=None):
        context = browser.new_context(locale=LOCALES[lang], viewport=VIEWPORTS[size])
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.base = live_server.url
        return tab

    yield open_
    for context in contexts:
        context.close()


def no_overflow(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# --- the organiser's programme editor ----------------------------------------------------


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_programme_editor_checks_and_saves_in_every_language(open_tab, lang, size):
    planner = factories.organiser("planner")
    host = factories.CompanyFactory(name="Lolle Frugt")
    event = factories.EventFactory(organiser=planner)
    day = weekday_in(14)
    factories.plan_stops(event, (host, at(day, 10), at(day, 11), "Smagning"))
    tab = open_tab(lang, size, planner)

    tab.goto(tab.base + url(lang, "events:programme", pk=event.pk))
    # The saved stop reaches the browser as values it accepts (an empty field if not).
    assert tab.locator("input[name=stops-0-day]").input_value() == day.isoformat()
    assert tab.locator("input[name=stops-0-start_time]").input_value() == "10:00"
    tab.get_by_role("button", name=t(lang, "Check"), exact=True).click()
    tab.wait_for_load_state()
    assert t(lang, "Give the stop a date, a start and an end.") not in tab.content()
    assert no_overflow(tab)

    # Invalid: a stop without its end time is refused, in the page's language.
    tab.locator("input[name=stops-0-end_time]").fill("")
    tab.get_by_role("button", name=t(lang, "Check"), exact=True).click()
    tab.get_by_text(t(lang, "Give the stop a date, a start and an end.")).wait_for()

    # Valid again: move the stop by an hour and save.
    tab.locator("input[name=stops-0-start_time]").fill("11:00")
    tab.locator("input[name=stops-0-end_time]").fill("12:30")
    tab.get_by_role("button", name=t(lang, "Save and reserve")).click()
    tab.get_by_text(t(lang, "The programme is saved; the hosts are asked to confirm.")).wait_for()
    stop = Stop.objects.get(event=event)
    assert timezone.localtime(stop.start) == at(day, 11)
    assert timezone.localtime(stop.end) == at(day, 12, 30)
