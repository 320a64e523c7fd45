"""A visitor manages a booking from the e-mailed link, in real headless Chromium: changes the
party size, moves to another date, cancels; and a second visitor joins the waiting list and
takes the freed places from the offer link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from booking.models import Booking, WaitlistEntry
from tests.factories import SlotFactory, book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def english(obj) -> str:
    """The object's page in English, so the labels below match whatever the catalogues say."""
    with translation.override("en"):
        return obj.get_absolute_url()


@pytest.fixture
def phone_page(page):
    """The shared phone-sized page (tests/browser/conftest.py)."""
    return page


def test_visitor_changes_moves_and_cancels_from_the_link(live_server, phone_page):
    page = phone_page
    slot = SlotFactory(capacity=10)
    later = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1), capacity=10)
    booking = book(slot, party_size=2)
    page.goto(f"{live_server.url}{english(booking)}")

    page.get_by_label("Number of people").fill("4")
    page.get_by_role("button", name="Change the number of people").click()
    page.get_by_text("Your booking is changed").wait_for()
    assert page.get_by_test_id("party-size").inner_text() == "4"

    # Moving: the calendar of days with room for all 4, the day, its time, the confirmation.
    page.get_by_role("link", name="Choose another date").click()
    day = timezone.localtime(later.start)
    page.get_by_role("link", name=re.compile(rf"^{day:%A} {day.day} {day:%B}, places free")).click()
    page.get_by_role("link", name=f"Choose {day:%H:%M}").click()
    page.get_by_test_id("move-confirm").wait_for()
    assert Booking.objects.get(pk=booking.pk).slot_id == slot.pk  # asked, not done
    page.get_by_role("button", name="Yes, move my booking").click()
    page.get_by_text("Your booking is changed").wait_for()
    booking.refresh_from_db()
    assert (booking.slot_id, booking.party_size, booking.sequence) == (later.pk, 4, 2)

    page.get_by_role("link", name="Cancel my booking").click()
    page.get_by_text("What happens if you cancel").wait_for()
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"  # asked, not done
    page.get_by_role("button", name="Yes, cancel my booking").click()
    page.get_by_text("This booking is cancelled.").wait_for()
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_full_slot_waiting_list_then_offer_accepted(live_server, phone_page):
    page = phone_page
    slot = SlotFactory(capacity=2)
    first = book(slot, party_size=2, email="first@example.com")
    page.goto(f"{live_server.url}/en/book/{slot.pk}/")
    page.get_by_label("Number of people").fill("2")
    page.get_by_label("Your name").fill("Bo Berg")
    page.get_by_role("textbox", name="E-mail").fill("bo@example.com")
    page.get_by_role("button", name="Join the waiting list").click()
    page.get_by_text("You are on the waiting list.").first.wait_for()
    entry = WaitlistEntry.objects.get()

    from booking import services

    services.booking_cancel(booking=first)
    page.goto(f"{live_server.url}{english(entry)}")
    page.get_by_role("button", name="Book these places").click()
    page.get_by_test_id("reference").wait_for()
    entry.refresh_from_db()
    assert entry.status == "accepted"
    assert entry.booking.name == "Bo Berg"
