"""The language in real Chromium: a German browser lands on German pages; the language buttons
change nothing on focus or arrow keys (WCAG 3.2.2), keep the page and are remembered."""

import pytest

from tests.factories import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def german_page(browser):
    context = browser.new_context(locale="de-DE")  # Accept-Language: de-DE,de;q=0.9
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_german_browser_lands_on_the_german_front_page(live_server, german_page):
    german_page.goto(live_server.url + "/")
    assert german_page.url == live_server.url + "/de/"
    assert german_page.locator("html").get_attribute("lang") == "de"


def test_the_keyboard_on_the_language_buttons_changes_nothing_until_pressed(
    live_server, german_page
):
    slot = SlotFactory(tour__title="Æbleplantagen")
    page = german_page
    address = f"{live_server.url}/de/tours/{slot.tour.pk}/?from=search"
    page.goto(address)
    # Tab through the page to the Danish button, as a keyboard user does.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Dansk":
            break
    else:
        pytest.fail("the Danish language button cannot be reached with Tab")
    # Arrow keys changed the page with the old menu that submitted on change.
    for key in ("ArrowDown", "ArrowUp", "ArrowRight", "Tab", "Shift+Tab"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url == address
    # Pressing it is the confirmation: the same page and query, in Danish.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/tours/{slot.tour.pk}/?from=search"
    assert page.locator("html").get_attribute("lang") == "da"
    # Remembered: the German browser now stays on Danish pages.
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/"
    assert page.locator("html").get_attribute("lang") == "da"
