"""At phone size, in real headless Chromium: the visitor's page shows the check-in code; a
QR reader (zxing-cpp, as the phone's camera) reads it from a screenshot; the farm's staff
member opens that URL, logs in, checks 3 of the party of 4 in; a second scan says when."""

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.utils import timezone, translation
from PIL import Image

from booking import checkin, services
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-password-123"  # tests.factories.UserFactory's


def _today_booking():
    tour = factories.TourFactory()
    start = datetime.combine(timezone.localdate(), time(23), tzinfo=timezone.get_current_timezone())
    slot = factories.SlotFactory(tour=tour, start=start, end=start + timedelta(hours=1))
    booking = services.booking_create(
        slot_id=slot.pk,
        visitor=factories.visitor(name="Grethe Poulsen", language="en"),
        party_size=4,
        now=start - timedelta(hours=12),
    )
    staff = factories.MembershipFactory(company=tour.company).user
    return booking, staff


def test_scan_the_code_log_in_and_check_in_three_of_four(live_server, page, tmp_path):
    booking, staff = _today_booking()
    assert page.viewport_size["width"] <= 390
    with translation.override("en"):
        manage = booking.get_absolute_url()
    page.goto(f"{live_server.url}{manage}")
    shot = tmp_path / "code.png"
    page.get_by_test_id("checkin-qr").locator(".qr-code").screenshot(path=str(shot))
    (code,) = zxingcpp.read_barcodes(Image.open(shot))
    assert code.text == checkin.checkin_url(booking)
    scanned = urlsplit(code.text).path

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{scanned}")
    # The log-in page, in the browser's language (en-GB), on its way back to the code.
    assert urlsplit(page.url).path.endswith("/accounts/login/")
    page.locator("input[name=username]").fill(staff.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.get_by_test_id("checkin-submit").wait_for()
    assert urlsplit(page.url).path.endswith(scanned)
    assert page.get_by_test_id("checkin-name").inner_text() == "Grethe Poulsen"

    page.locator("input[name=arrived]").fill("3")
    page.get_by_test_id("checkin-submit").click()
    page.get_by_test_id("checkin-state").wait_for()
    booking.refresh_from_db()
    assert (booking.arrived, booking.checked_in_by) == (3, staff)
    at = f"{timezone.localtime(booking.checked_in_at):%H:%M}"
    assert at in page.get_by_test_id("checkin-state").inner_text()
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow

    page.goto(f"{live_server.url}{scanned}")  # the second scan
    assert at in page.get_by_test_id("checkin-state").inner_text()
    assert page.get_by_test_id("checkin-submit").count() == 0
    booking.refresh_from_db()
    assert booking.arrived == 3


def test_arrivals_board_tap_checks_in_and_counts_follow(live_server, page):
    booking, staff = _today_booking()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("input[name=username]").fill(staff.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url("**/workspace/**")
    page.goto(f"{live_server.url}/en/workspace/arrivals/")
    counts = page.get_by_test_id(f"counts-{booking.slot_id}")
    assert "Missing 4" in " ".join(counts.inner_text().split())
    page.get_by_test_id("arrivals-search").fill(booking.reference[:4].lower())
    row = page.get_by_test_id(f"arrival-{booking.reference}")
    assert row.is_visible()
    row.get_by_test_id("arrival-check-in").click()
    row.get_by_test_id("arrival-state").wait_for()
    assert "Missing 0" in " ".join(counts.inner_text().split())
    booking.refresh_from_db()
    assert booking.arrived == 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
