"""The page a booking's QR code opens: who may check in (the permission matrix), and what a
double scan, a partial arrival and a wrong day look like."""

from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from booking import checkin, services
from booking.models import Booking
from tests import factories

pytestmark = pytest.mark.django_db


def today_slot(tour, hour: int = 23, **fields):
    """A departure later today (23:00 local, so it has not started whenever the tests run),
    booked before its cut-off by passing `now` to the service."""
    day = timezone.localdate()
    start = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
    return factories.SlotFactory(tour=tour, start=start, end=start + timedelta(hours=1), **fields)


def book_today(slot, party_size: int = 4, **fields) -> Booking:
    return services.booking_create(
        slot_id=slot.pk,
        visitor=factories.visitor(**fields),
        party_size=party_size,
        now=slot.start - timedelta(hours=12),
    )


def _path(booking: Booking, secret: str | None = None) -> str:
    secret = checkin.checkin_secret(booking) if secret is None else secret
    return f"/check-in/{booking.reference}/{secret}/"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def arrival(world):
    slot = today_slot(world.tour_a)
    return book_today(slot, party_size=4, name="Anne Ankomst")


def _untouched(booking: Booking) -> bool:
    booking.refresh_from_db()
    return booking.checked_in_at is None and booking.arrived is None


@pytest.mark.parametrize("role", ["owner_a", "staff_a"])
def test_staff_of_the_company_see_the_party_and_check_it_in(world, arrival, role):
    client = _client(getattr(world, role))
    page = client.get(_path(arrival))
    assert page.status_code == 200
    assert "Anne Ankomst" in page.text and arrival.display_reference in page.text
    done = client.post(_path(arrival), {"arrived": "4"}, follow=True)
    assert done.status_code == 200
    arrival.refresh_from_db()
    assert arrival.arrived == 4 and arrival.checked_in_by == getattr(world, role)


@pytest.mark.parametrize("role", ["staff_b", "coordinator"])
def test_anyone_else_logged_in_gets_404_said_plainly_and_nothing_changes(world, arrival, role):
    client = _client(getattr(world, role))
    page = client.get(_path(arrival))
    assert page.status_code == 404
    assert 'data-testid="checkin-other"' in page.text
    assert "Anne Ankomst" not in page.text and arrival.display_reference not in page.text
    assert client.post(_path(arrival), {"arrived": "4"}).status_code == 404
    assert _untouched(arrival)


def test_anonymous_scan_is_sent_to_log_in_and_back(world, arrival):
    response = Client().get(_path(arrival))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/accounts/login/"
    assert parse_qs(url.query)["next"] == [_path(arrival)]
    assert Client().post(_path(arrival), {"arrived": "4"}).status_code == 302
    assert _untouched(arrival)


def test_anonymous_then_log_in_lands_on_the_check_in_page(world, arrival, settings):
    client = Client()
    login = client.get(_path(arrival), follow=True)
    assert login.status_code == 200
    world.staff_a.set_password("pass-word-123")
    world.staff_a.save()
    page = client.post(
        f"/accounts/login/?next={_path(arrival)}",
        {"username": world.staff_a.username, "password": "pass-word-123", "next": _path(arrival)},
        follow=True,
    )
    assert page.redirect_chain[-1][0] == _path(arrival)
    assert 'data-testid="checkin-submit"' in page.text


def test_the_manage_token_is_not_a_check_in_code(world, arrival):
    client = _client(world.staff_a)
    assert client.get(_path(arrival, secret=arrival.token)).status_code == 404
    assert client.post(_path(arrival, secret=arrival.token), {"arrived": "4"}).status_code == 404
    assert _untouched(arrival)


@pytest.mark.parametrize(
    "secret", ["A" * 43, "short", "x" * 44], ids=["wrong", "too-short", "too-long"]
)
def test_a_wrong_secret_is_a_plain_404(world, arrival, secret):
    page = _client(world.staff_a).get(_path(arrival, secret=secret))
    assert page.status_code == 404
    assert 'data-testid="checkin-other"' not in page.text


def test_another_bookings_secret_does_not_open_this_one(world, arrival):
    other = book_today(arrival.slot, party_size=2, email="other@example.com")
    path = f"/check-in/{arrival.reference}/{checkin.checkin_secret(other)}/"
    assert _client(world.staff_a).get(path).status_code == 404


def test_the_reference_may_be_typed_with_dash_and_lower_case(world, arrival):
    path = f"/check-in/{arrival.display_reference.lower()}/{checkin.checkin_secret(arrival)}/"
    assert _client(world.staff_a).get(path).status_code == 200


def test_partial_arrival_three_of_four(world, arrival):
    client = _client(world.staff_a)
    page = client.post(_path(arrival), {"arrived": "3"}, follow=True)
    assert "3 af 4" in page.text or "3 of 4" in page.text
    arrival.refresh_from_db()
    assert arrival.arrived == 3


@pytest.mark.parametrize("arrived", ["0", "5", "tre", ""])
def test_a_bad_count_is_a_clear_error_and_nothing_changes(world, arrival, arrived):
    page = _client(world.staff_a).post(_path(arrival), {"arrived": arrived})
    assert page.status_code == 400
    assert 'id="arrived-error"' in page.text
    assert _untouched(arrival)


def test_double_scan_says_already_checked_in_at_and_changes_nothing(world, arrival):
    at = timezone.localtime().replace(second=0, microsecond=0)
    checkin.booking_check_in(booking_id=arrival.pk, arrived=3, now=at)
    client = _client(world.staff_a)
    page = client.get(_path(arrival))
    assert page.status_code == 200
    assert f"{at:%H:%M}" in page.text and 'data-testid="checkin-submit"' not in page.text
    again = client.post(_path(arrival), {"arrived": "4"}, follow=True)
    assert f"{at:%H:%M}" in again.text
    arrival.refresh_from_db()
    assert arrival.arrived == 3 and arrival.checked_in_at == at


def test_a_code_for_another_day_says_so_and_offers_no_check_in(world):
    booking = world.booking_a  # three days ahead
    page = _client(world.staff_a).get(_path(booking))
    assert page.status_code == 200
    assert 'data-testid="checkin-submit"' not in page.text
    day = timezone.localdate(booking.slot.start)
    with timezone.override(settings.TIME_ZONE):
        assert str(day.day) in page.text
    _client(world.staff_a).post(_path(booking), {"arrived": "2"})
    assert _untouched(booking)


def test_undo_from_the_page(world, arrival):
    client = _client(world.staff_a)
    client.post(_path(arrival), {"arrived": "4"})
    client.post(_path(arrival), {"action": "undo"})
    assert _untouched(arrival)


def test_the_page_is_in_the_staff_members_language(world, arrival):
    client = _client(world.staff_a)
    assert "Tjek ind" in client.get(_path(arrival)).text
    assert "Check in" in client.get("/en" + _path(arrival)).text
    assert "Einchecken" in client.get("/de" + _path(arrival)).text


def test_the_visitors_page_shows_the_code_until_checked_in_then_no_changes(world, arrival):
    page = Client().get(arrival.get_absolute_url())
    assert 'data-testid="checkin-qr"' in page.text and "<svg" in page.text
    assert arrival.display_reference in page.text
    checkin.booking_check_in(booking_id=arrival.pk)
    page = Client().get(arrival.get_absolute_url())
    assert 'data-testid="checkin-qr"' not in page.text
    assert 'data-testid="checked-in"' in page.text
    assert f"/booking/{arrival.token}/cancel/" not in page.text
    response = Client().post(f"/booking/{arrival.token}/cancel/", {"confirm": "yes"})
    assert response.status_code in {302, 400, 409}
    arrival.refresh_from_db()
    assert arrival.status == Booking.Status.CONFIRMED
