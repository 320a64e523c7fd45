"""The month calendar in real Chromium at phone size: a visitor tabs to a day, presses Enter
and its departures show; without JavaScript it is the same page (the grid is plain links)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import SlotFactory, TourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CPH)


def later_month() -> date:
    today = timezone.localdate()
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def _tab_to(page, label: str, presses: int = 80) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == label:
            return
    pytest.fail(f"no link labelled {label!r} can be reached with Tab")


@pytest.mark.parametrize("javascript", [True, False])
def test_tab_to_a_day_press_enter_and_its_departures_show(live_server, browser, javascript):
    month = later_month()
    first, second = month + timedelta(days=4), month + timedelta(days=11)
    tour = TourFactory(title="Æbletur")
    SlotFactory(tour=tour, start=at(first, 10))
    wanted = SlotFactory(tour=tour, start=at(second, 14), capacity=8)
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, java_script_enabled=javascript, locale="en-GB"
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/tours/{tour.pk}/?month={month:%Y-%m}")
        heading = page.get_by_test_id("departures-heading")
        assert heading.inner_text() == f"Departures on {first:%A} {first.day} {first:%B}"
        label = f"{second:%A} {second.day} {second:%B}, places free"
        _tab_to(page, label)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(f"?month={month:%Y-%m}&day={second.isoformat()}#departures")
        assert heading.inner_text() == f"Departures on {second:%A} {second.day} {second:%B}"
        book = page.get_by_role("link", name=f"Book {second.day} {second:%B} 14:00")
        assert book.is_visible()
        assert book.get_attribute("href") == f"/en/book/{wanted.pk}/"
        # The chosen day says so, and the grid fits the phone.
        chosen = page.get_by_role("link", name=f"{label}, chosen")
        assert chosen.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Next month is one link away, and back.
        page.get_by_test_id("month-next").click()
        page.get_by_test_id("month-previous").wait_for()
    finally:
        context.close()
