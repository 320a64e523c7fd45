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
from django.utils.translation import gettext, ngettext

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


# --- the season tool ------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_season_tool_opens_departures_in_every_language(open_tab, lang, size):
    membership = factories.MembershipFactory(role="owner")
    tour = factories.TourFactory(company=membership.company, title="Æblerundvisning")
    first = weekday_in(10)
    first += timedelta(days=(7 - first.weekday()) % 7)  # a Monday
    tab = open_tab(lang, size, membership.user)
    tab.goto(tab.base + url(lang, "workspace:pattern_new", tour_pk=tour.pk))

    tab.get_by_label(t(lang, "Monday"), exact=True).check()
    tab.get_by_label(t(lang, "Start times")).fill("10, 14.30")
    tab.get_by_label(t(lang, "First day")).fill(first.isoformat())
    tab.get_by_label(t(lang, "Last day")).fill((first + timedelta(days=14)).isoformat())
    tab.locator("input[name=closures-0-from]").fill((first + timedelta(days=7)).isoformat())
    # Invalid first: 9.5 is no time (hours.minutes needs two digits), said in the language.
    tab.get_by_label(t(lang, "Start times")).fill("10, 9.5")
    tab.get_by_role("button", name=t(lang, "Preview")).click()
    with translation.override(lang):
        from core.parsing import parse_time

        with pytest.raises(ValueError) as expected:
            parse_time("9.5")
    tab.get_by_text(str(expected.value)).wait_for()
    assert no_overflow(tab)

    tab.get_by_label(t(lang, "Start times")).fill("10, 14.30")
    tab.get_by_role("button", name=t(lang, "Preview")).click()
    tab.get_by_role("button", name=t(lang, "Open these departures")).click()
    tab.wait_for_load_state()
    starts = sorted(timezone.localtime(s.start) for s in tour.slots.all())
    # Mondays first and first + 14 (the second is closed), at 10:00 and 14:30.
    assert [(s.date(), s.hour, s.minute) for s in starts] == [
        (first, 10, 0),
        (first, 14, 30),
        (first + timedelta(days=14), 10, 0),
        (first + timedelta(days=14), 14, 30),
    ]


# --- the phone booking ----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_phone_booking_from_tour_and_day_in_every_language(open_tab, lang, size):
    membership = factories.MembershipFactory()
    tour = factories.TourFactory(company=membership.company, title="Kirsebærturen")
    day = weekday_in(5)
    slot = factories.SlotFactory(tour=tour, start=at(day, 10), capacity=20)
    tab = open_tab(lang, size, membership.user)
    tab.goto(tab.base + url(lang, "workspace:phone_booking"))

    tab.get_by_label(t(lang, "Tour")).select_option(value=str(tour.pk))
    tab.get_by_label(t(lang, "Date")).fill(day.isoformat())
    tab.get_by_role("button", name=t(lang, "Show departures")).click()
    tab.locator("[data-departures] a.btn-primary").click()
    # The link opens the departure's phone-booking form: measure that page, not the one leaving.
    tab.get_by_label(t(lang, "Visitor's name")).wait_for()
    assert no_overflow(tab)

    # Invalid: neither an e-mail address nor a phone number.
    tab.get_by_label(t(lang, "Number of people")).fill("3")
    tab.get_by_label(t(lang, "Visitor's name")).fill("Karen Jørgensen")
    tab.get_by_role("button", name=t(lang, "Book for the visitor")).click()
    message = t(lang, "Enter the visitor's e-mail address or phone number, so they can be reached.")
    tab.get_by_text(message).first.wait_for()

    # Valid: a phone number alone.
    tab.get_by_label(t(lang, "Visitor's phone")).fill("+45 54 78 12 34")
    tab.get_by_role("button", name=t(lang, "Book for the visitor")).click()
    tab.get_by_text("+45 54 78 12 34").first.wait_for()
    booking = slot.bookings.get()
    assert (booking.name, booking.email, booking.party_size) == ("Karen Jørgensen", "", 3)


# --- the visitor's booking form -------------------------------------------------------------


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_booking_form_in_every_language(open_tab, lang, size):
    slot = factories.SlotFactory(capacity=40, tour__title="Æblerundvisning")
    factories.book(slot, party_size=15)
    tab = open_tab(lang, size)
    tab.goto(tab.base + url(lang, "booking:book", slot_id=slot.pk))

    # Invalid: 30 with 25 left: one message with the places left, and the waiting list for 30.
    tab.get_by_label(t(lang, "Number of people")).fill("30")
    tab.get_by_label(t(lang, "Your name")).fill("Jørgen Müller")
    tab.get_by_role("textbox", name=t(lang, "E-mail")).fill("jorgen@example.com")
    tab.get_by_role("button", name=t(lang, "Book"), exact=True).click()
    with translation.override(lang):
        left = ngettext("Only %(count)d place is left.", "Only %(count)d places are left.", 25)
        join = ngettext(
            "Join the waiting list for %(count)d person",
            "Join the waiting list for %(count)d people",
            30,
        )
    tab.get_by_text(left % {"count": 25}).wait_for()
    assert tab.get_by_text(left % {"count": 25}).count() == 1
    assert tab.get_by_role("button", name=join % {"count": 30}).is_visible()
    assert tab.get_by_label(t(lang, "Your name")).input_value() == "Jørgen Müller"
    assert no_overflow(tab)

    # Valid: two people.
    tab.get_by_label(t(lang, "Number of people")).fill("2")
    tab.get_by_role("button", name=t(lang, "Book"), exact=True).click()
    tab.get_by_text(t(lang, "Thank you! Your booking is confirmed.")).first.wait_for()
    assert slot.bookings.filter(name="Jørgen Müller", party_size=2).exists()
