# ruff: noqa: RUF001 (the multiplication sign of "3 x DKK 75" is meant)
"""A visitor on a phone plans a day at two farms and books it in one step, in real Chromium
with JavaScript off (every step is a plain form), and sees a full visit refuse the whole
plan with its name."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from booking.models import Booking, MailKind
from notify.models import OutboundMail
from tests.factories import CompanyFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="en-GB", java_script_enabled=False, viewport={"width": 360, "height": 780}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _two_farms() -> tuple[Slot, Slot]:
    day = timezone.localdate() + timedelta(days=5)
    ten = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    ten += timedelta(hours=10)
    lolle = SlotFactory(
        tour=TourFactory(
            company=CompanyFactory(name="Lolle Frugt", latitude=Decimal("54.7764")),
            title="Apple orchard tour",
            duration=timedelta(hours=1),
            price=Decimal("75"),
        ),
        start=ten,
    )
    bees = SlotFactory(
        tour=TourFactory(
            company=CompanyFactory(
                name="Honningpigen", latitude=Decimal("54.7986"), longitude=Decimal("11.6444")
            ),
            title="Bee farm visit",
            duration=timedelta(hours=1),
            price=Decimal("60"),
        ),
        start=ten + timedelta(hours=2),
        capacity=4,
    )
    return lolle, bees


def _add_from_tour_page(page, live_server, slot) -> None:
    page.goto(f"{live_server.url}/en/tours/{slot.tour.pk}/?view=list#dates")
    page.get_by_role("button", name="Add to day plan").first.click()
    page.get_by_role("heading", name="Your day plan").wait_for()


def _no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_plans_two_farms_on_a_phone_and_books_them_in_one_step(
    live_server, phone, tmp_path
):
    page = phone
    lolle, bees = _two_farms()

    _add_from_tour_page(page, live_server, bees)
    _add_from_tour_page(page, live_server, lolle)
    stops = page.locator(".plan-stops > li")
    assert stops.count() == 2
    assert "Apple orchard tour" in stops.nth(0).inner_text()  # in time order
    assert "Bee farm visit" in stops.nth(1).inner_text()
    assert "About 13 minutes by car" in stops.nth(1).inner_text()
    assert "60 minutes between the visits" in stops.nth(1).inner_text()
    assert page.get_by_role("link", name="Day plan 2 visits").is_visible()

    page.get_by_label("Prices for").fill("3")
    page.get_by_role("button", name="Show prices").click()
    main = page.locator("main").inner_text().replace("\xa0", " ")
    assert "3 × DKK 75 = DKK 225" in main
    assert "In all: DKK 405" in main  # 3 x 75 + 3 x 60
    assert _no_overflow(page)
    page.screenshot(path=tmp_path / "plan.png", full_page=True)

    assert page.get_by_label("Number of people").input_value() == "3"
    page.get_by_label("Your name").fill("Jørgen Müller")
    page.get_by_role("textbox", name="E-mail").fill("jorgen@example.com")
    page.get_by_role("button", name="Book all 2 visits").click()

    page.get_by_role("heading", name="Your day plan is booked").wait_for()
    bookings = list(Booking.objects.order_by("slot__start"))
    assert [b.slot_id for b in bookings] == [lolle.pk, bees.pk]
    for booking in bookings:
        assert booking.display_reference in page.content()
    assert _no_overflow(page)
    page.screenshot(path=tmp_path / "booked.png", full_page=True)
    assert OutboundMail.objects.filter(kind=MailKind.PLAN_CONFIRMED).count() == 1

    # Each visit has its own page, reached from the confirmation.
    second = f"See or change this visit {bookings[1].display_reference}"
    page.get_by_role("link", name=second).click()
    page.get_by_role("heading", name="Your booking").wait_for()
    assert page.get_by_test_id("reference").inner_text() == bookings[1].display_reference


def test_a_full_visit_refuses_the_whole_plan_and_is_named(live_server, phone):
    page = phone
    lolle, bees = _two_farms()
    _add_from_tour_page(page, live_server, lolle)
    _add_from_tour_page(page, live_server, bees)
    book(bees, party_size=3, email="other@example.com")  # one place left at the bee farm

    page.get_by_label("Number of people").fill("2")
    page.get_by_label("Your name").fill("Anne")
    page.get_by_role("textbox", name="E-mail").fill("anne@example.com")
    page.get_by_role("button", name="Book all 2 visits").click()

    page.get_by_text("Nothing has been booked.").wait_for()
    assert "Bee farm visit (Honningpigen)" in page.content()
    assert "Only 1 place is left." in page.content()
    assert not Booking.objects.filter(email="anne@example.com").exists()
    assert page.get_by_label("Your name").input_value() == "Anne"
    assert _no_overflow(page)
