"""A full departure's waiting list is reached from the tour page with the keyboard alone
(issue 12, point 3)."""

import pytest

from tests.factories import SlotFactory, book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keyboard_reaches_the_waiting_list_of_a_full_departure(live_server, page):
    full = SlotFactory(tour__title="Apple orchard tour", capacity=2)
    book(full, party_size=2)
    page.goto(f"{live_server.url}/en/tours/{full.tour.pk}/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "waitlist-link":
            break
    else:
        pytest.fail("no waiting-list link can be reached with Tab")
    name = page.evaluate("document.activeElement.innerText")
    assert name.startswith("Join the waiting list")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/en/book/{full.pk}/#waitlist")
    form = page.locator("#waitlist")
    assert form.is_visible()
    assert form.get_by_role("button").count() >= 1
