"""Cancelling asks once, in the visitor's language, and works with JavaScript off
(issue 12, point 4)."""

import pytest

from booking.models import Booking
from tests.factories import SlotFactory, book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(
        locale="de-DE", java_script_enabled=False, viewport={"width": 360, "height": 780}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_german_visitor_is_asked_once_and_cancels_without_script(live_server, no_script_page):
    slot = SlotFactory(capacity=30)
    booking = book(slot, party_size=25, email="klasse@example.de", language="de")
    page = no_script_page
    page.goto(f"{live_server.url}{booking.get_absolute_url()}".replace("/booking/", "/de/booking/"))
    page.get_by_role("link", name="Meine Buchung stornieren").click()
    page.get_by_role("heading", name="Ihre Buchung stornieren?").wait_for()
    assert page.get_by_test_id("party-size").inner_text() == "25"
    assert "klasse@example.de" in page.get_by_test_id("consequences").inner_text()
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
    page.get_by_role("button", name="Ja, Buchung stornieren").click()
    page.get_by_text("Diese Buchung wurde storniert.").wait_for()
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
