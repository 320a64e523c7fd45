"""Moving a booking from the visitor's link: the tour's month calendar of the days with room
for the whole party, the chosen day's times, one chosen, then the confirmation; bad input
falls back, a refusal says why, and the page answers in bounded queries."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CPH)


def later_month() -> date:
    today = timezone.localdate()
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def move_url(booking: Booking) -> str:
    with translation.override("en"):
        return reverse("booking:move", kwargs={"token": booking.token})


def get(client, booking: Booking, **query) -> str:
    response = client.get(move_url(booking), query)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    return response.content.decode()


@pytest.fixture
def trip():
    """A booking of 3 on the 2nd of a later month; another departure that day, one too small
    for 3 on the 5th, one with room on the 9th and the 10th."""
    month = later_month()
    tour = TourFactory()
    own = SlotFactory(tour=tour, start=at(month + timedelta(days=1), 10))
    booking = book(own, party_size=3)
    same_day = SlotFactory(tour=tour, start=at(month + timedelta(days=1), 14))
    tight = SlotFactory(tour=tour, start=at(month + timedelta(days=4), 10), capacity=2)
    roomy = SlotFactory(tour=tour, start=at(month + timedelta(days=8), 10))
    also = SlotFactory(tour=tour, start=at(month + timedelta(days=9), 14))
    return {
        "month": month,
        "tour": tour,
        "booking": booking,
        "own": own,
        "same_day": same_day,
        "tight": tight,
        "roomy": roomy,
        "also": also,
    }


def day_href(day: date) -> str:
    return f'href="?month={day:%Y-%m}&amp;day={day.isoformat()}#departures"'


def test_the_calendar_links_only_the_days_with_room_for_the_whole_party(client, trip):
    html = get(client, trip["booking"])
    month = trip["month"]
    assert 'data-testid="month-calendar"' in html
    for slot in ("same_day", "roomy", "also"):
        assert day_href(trip[slot].start.astimezone(CPH).date()) in html
    tight_day = trip["tight"].start.astimezone(CPH).date()
    assert day_href(tight_day) not in html
    assert "not enough places for your party" in html  # the tight day says why, unlinked
    # It opens on the first day with room: the booking's own day, at its other time.
    assert f"?month={month:%Y-%m}&amp;day={(month + timedelta(days=1)).isoformat()}" in html
    assert f"slot={trip['same_day'].pk}#confirm" in html
    assert f"slot={trip['own'].pk}" not in html  # not the departure it is on
    assert ", your booking now" in html  # but its day is marked


def test_choosing_a_time_asks_to_confirm_and_the_confirmation_moves(client, trip):
    booking, roomy = trip["booking"], trip["roomy"]
    day = roomy.start.astimezone(CPH).date()
    html = get(client, booking, month=f"{day:%Y-%m}", day=day.isoformat(), slot=str(roomy.pk))
    assert 'data-testid="move-confirm"' in html
    assert f'name="slot" value="{roomy.pk}"' in html and 'name="confirm" value="yes"' in html
    # A POST without the confirmation only shows it.
    response = client.post(move_url(booking), {"slot": roomy.pk})
    assert response.status_code == 302 and f"slot={roomy.pk}" in response["Location"]
    booking.refresh_from_db()
    assert booking.slot_id == trip["own"].pk
    assert 'data-testid="move-confirm"' in client.get(response["Location"]).content.decode()
    response = client.post(move_url(booking), {"slot": roomy.pk, "confirm": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.slot_id, booking.sequence) == (roomy.pk, 1)
    assert Slot.objects.get(pk=roomy.pk).booked == 3
    assert Slot.objects.get(pk=trip["own"].pk).booked == 0


def test_a_time_that_can_no_longer_take_the_party_is_not_offered(client, trip):
    booking, tight = trip["booking"], trip["tight"]
    day = tight.start.astimezone(CPH).date()
    html = get(client, booking, day=day.isoformat(), slot=str(tight.pk))
    assert 'data-testid="move-confirm"' not in html
    assert "That time can no longer be chosen" in html
    # And the service refuses it too, if posted anyway.
    response = client.post(move_url(booking), {"slot": tight.pk, "confirm": "yes"}, follow=True)
    booking.refresh_from_db()
    assert booking.slot_id == trip["own"].pk
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2027-13"},
        {"month": "x", "day": "y", "slot": "z"},
        {"slot": "99999999"},
        {"slot": "-1"},
        {"slot": "1e3"},
        {"slot": "٣"},
        {"day": "9999-12-31"},
        {"month": "\x00", "slot": "\x00"},
        {"slot": "9" * 50},
    ],
)
def test_any_address_shows_the_calendar(client, trip, query):
    html = get(client, trip["booking"], **query)
    assert 'data-testid="month-calendar"' in html


@pytest.mark.parametrize("data", [{}, {"slot": "abc"}, {"slot": "0"}, {"slot": "9" * 30}])
def test_a_bad_post_changes_nothing(client, trip, data):
    booking = trip["booking"]
    response = client.post(move_url(booking), {**data, "confirm": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id == trip["own"].pk


def test_after_the_deadline_the_move_page_leads_back_to_the_booking(client):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    other = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    booking = book(slot)
    response = client.get(move_url(booking))
    assert response.status_code == 302
    assert response["Location"] == booking.get_absolute_url()
    client.post(move_url(booking), {"slot": other.pk, "confirm": "yes"})
    booking.refresh_from_db()
    assert booking.slot_id == slot.pk


def test_a_group_visit_moves_to_a_free_group_slot_only(client):
    tour = GroupTourFactory(min_group_size=10, max_group_size=40)
    month = later_month()
    own = SlotFactory(tour=tour, start=at(month, 10))
    booking = book(own, party_size=12)
    taken = SlotFactory(tour=tour, start=at(month + timedelta(days=2), 10))
    book(taken, party_size=10)
    free = SlotFactory(tour=tour, start=at(month + timedelta(days=3), 10))
    html = get(client, booking, month=f"{month:%Y-%m}")
    assert day_href(free.start.astimezone(CPH).date()) in html
    assert day_href(taken.start.astimezone(CPH).date()) not in html


@pytest.mark.parametrize("count", [1, 100])
def test_the_move_page_answers_in_bounded_queries(client, django_assert_max_num_queries, count):
    month = later_month()
    tour = TourFactory()
    own = SlotFactory(tour=tour, start=at(month, 9))
    booking = book(own, party_size=2)
    start = at(month, 12)
    Slot.objects.bulk_create(
        Slot(
            tour=tour,
            start=start + timedelta(hours=5 * n),
            end=start + timedelta(hours=5 * n + 1),
            capacity=10,
        )
        for n in range(count)
    )
    # The booking, then the calendar: this month, the next day with room, its month, its
    # times (four at most); the photos of the tour's facts.
    with django_assert_max_num_queries(9):
        get(client, booking)
    with django_assert_max_num_queries(7):
        get(client, booking, month=f"{month:%Y-%m}", day=month.isoformat(), slot=str(own.pk))
