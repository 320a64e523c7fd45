"""A tourist on a phone books a tour, end to end, in real Chromium."""

import pytest

from booking.models import Booking
from tests.factories import SlotFactory
from tours.models import Slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_books_a_tour_in_the_browser(live_server, page, tmp_path):
    slot = SlotFactory(
        tour__title="Apple orchard tour", tour__company__name="Lolle Frugt", capacity=10
    )

    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Apple orchard tour").first.click()
    assert "Apple orchard tour" in page.locator("h1").inner_text()
    page.get_by_label("Number of people").fill("3")
    page.get_by_label("Your name").fill("Jørgen Müller")
    page.get_by_role("textbox", name="E-mail").fill("jorgen@example.com")
    page.get_by_label("Mobile phone").fill("+45 20 30 40 50")
    page.get_by_role("button", name="Book").dblclick()  # a double-click books once

    reference = page.get_by_test_id("reference")
    reference.wait_for()
    page.screenshot(path=tmp_path / "confirmation.png", full_page=True)
    booking = Booking.objects.get()
    assert reference.inner_text() == booking.display_reference
    assert "Your booking is confirmed" in page.content()
    # The outcome has the focus, so a screen reader reads it first (WCAG 2.4.3, 4.1.3).
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.innerText]")
    assert focused == ["H1", "Thank you! Your booking is confirmed."]
    # Control: the same page opened later (the link in the mail) is the plain booking page,
    # with nothing taking the focus.
    page.reload()
    assert page.locator("h1").inner_text() == "Your booking"
    assert page.evaluate("document.activeElement.tagName") == "BODY"
    assert (booking.name, booking.party_size, booking.language) == ("Jørgen Müller", 3, "en")
    assert Slot.objects.get(pk=slot.pk).booked == 3


def test_errors_are_shown_next_to_the_field_and_input_is_kept(live_server, page):
    slot = SlotFactory(capacity=2)
    page.goto(f"{live_server.url}/en/book/{slot.pk}/")
    page.get_by_label("Number of people").fill("2")
    page.get_by_label("Your name").fill("Anne")
    page.get_by_role("textbox", name="E-mail").fill("anne@example.com")
    # Someone else takes a place while Anne types.
    from tests.factories import book

    book(slot, party_size=1)
    page.get_by_role("button", name="Book").click()
    page.get_by_text("Only 1 place is left.").wait_for()
    assert page.get_by_label("Your name").input_value() == "Anne"
    assert Booking.objects.count() == 1
