# ruff: noqa: RUF001 (the multiplication sign of "3 x 75 kr." is meant)
"""The booking form's total in real Chromium on a phone: it follows the number of people as
it is typed (a screen reader hears it: aria-live), and without JavaScript the form still
books and the confirmation gives the total."""

from decimal import Decimal

import pytest

from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory, TourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NBSP = "\N{NO-BREAK SPACE}"
PHONE = {"width": 360, "height": 740}


def _no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(
    ("lang", "locale", "label", "two", "five"),
    [
        ("da", "da-DK", "Antal personer", "2 × 75 kr. = 150 kr.", "5 × 75 kr. = 375 kr."),
        ("en", "en-GB", "Number of people", "2 × DKK 75 = DKK 150", "5 × DKK 75 = DKK 375"),
        ("de", "de-DE", "Anzahl Personen", "2 × 75 DKK = 150 DKK", "5 × 75 DKK = 375 DKK"),
    ],
)
def test_the_total_follows_the_party_size_on_a_phone(
    live_server, browser, lang, locale, label, two, five
):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    context = browser.new_context(locale=locale, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    prefix = "" if lang == "da" else f"/{lang}"
    page.goto(f"{live_server.url}{prefix}/book/{slot.pk}/")
    total = page.locator("output[data-total]")
    assert total.get_attribute("aria-live") == "polite"
    assert total.inner_text().replace(NBSP, " ") == two  # the form starts at 2
    page.get_by_label(label).fill("5")
    assert total.inner_text().replace(NBSP, " ") == five
    page.get_by_label(label).press("ArrowDown")
    assert total.inner_text().replace(NBSP, " ") == five.replace("5 ×", "4 ×").replace("375", "300")
    # The note for pages without a script is gone; the total sits in view under the field.
    assert not page.locator("[data-total-nojs]").is_visible()
    assert total.is_visible() and _no_overflow(page)
    context.close()


def test_a_group_price_is_the_total_and_needs_no_script(live_server, page):
    slot = SlotFactory(tour=GroupTourFactory(price=Decimal("1500")))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/book/{slot.pk}/")
    assert page.get_by_test_id("form-price").inner_text().replace(NBSP, " ") == (
        "Total: DKK 1,500 per group"
    )


def test_without_javascript_the_confirmation_gives_the_total(live_server, browser):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    context = browser.new_context(locale="en-GB", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/en/book/{slot.pk}/")
    # Without the script: the price and where the total will be, no empty total line.
    assert page.locator("[data-total-nojs]").is_visible()
    assert not page.locator("[data-total-live]").is_visible()
    assert "DKK 75 per person" in page.get_by_test_id("form-total").inner_text().replace(NBSP, " ")
    page.get_by_label("Number of people").fill("3")
    page.get_by_label("Your name").fill("Anne Hansen")
    page.get_by_role("textbox", name="E-mail").fill("anne@example.com")
    page.get_by_role("button", name="Book").click()
    page.get_by_test_id("reference").wait_for()
    assert (
        page.get_by_test_id("total")
        .inner_text()
        .replace(NBSP, " ")
        .startswith("3 × DKK 75 = DKK 225")
    )
    assert Booking.objects.get().total == Decimal("225.00")
    assert _no_overflow(page)
    context.close()
