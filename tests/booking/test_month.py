"""The month calendar (booking.month): which local days have room or are full, in one query
at any number of slots, on the days the clocks change, and the grid drawn from them."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from booking import month as cal
from booking.month import DayState
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tours.horizon import latest_day
from tours.models import Slot

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CPH)


def next_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def last_sunday(year: int, month: int) -> date:
    day = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


# --- the days -------------------------------------------------------------------------------


def test_days_with_room_full_and_none():
    tour = TourFactory()
    month = next_month()
    room, full, mixed, cancelled, closed, empty = (month + timedelta(days=n) for n in range(6))
    SlotFactory(tour=tour, start=at(room, 10), capacity=10)
    book(SlotFactory(tour=tour, start=at(full, 10), capacity=2), party_size=2)
    book(SlotFactory(tour=tour, start=at(mixed, 10), capacity=2), party_size=2)
    SlotFactory(tour=tour, start=at(mixed, 14), capacity=2)
    SlotFactory(tour=tour, start=at(cancelled, 10), status=Slot.Status.CANCELLED)
    SlotFactory(tour=tour, start=at(closed, 10), status=Slot.Status.CLOSED)
    SlotFactory(start=at(empty, 10))  # another tour's departure
    days = cal.month_days(tour=tour, month=month)
    assert days == {room: DayState.ROOM, full: DayState.FULL, mixed: DayState.ROOM}


def test_a_departure_past_its_cut_off_or_started_is_not_offered():
    tour = TourFactory(booking_cutoff=timedelta(hours=2))
    now = timezone.now()
    SlotFactory(tour=tour, start=now + timedelta(hours=1))
    assert cal.month_days(tour=tour, month=timezone.localdate(now).replace(day=1), now=now) == {}
    later = SlotFactory(tour=tour, start=now + timedelta(days=40))
    day = timezone.localdate(later.start)
    assert cal.month_days(tour=tour, month=day.replace(day=1), now=now) == {day: DayState.ROOM}
    # Once it has started (or passed its cut-off), the same day offers nothing.
    assert cal.month_days(tour=tour, month=day.replace(day=1), now=later.start) == {}


def test_a_booked_group_visit_is_full_and_one_too_small_for_the_smallest_group_too():
    tour = GroupTourFactory(min_group_size=10, max_group_size=40)
    month = next_month()
    taken, tiny, free = month, month + timedelta(days=1), month + timedelta(days=2)
    book(SlotFactory(tour=tour, start=at(taken, 10)), party_size=12)
    SlotFactory(tour=tour, start=at(tiny, 10), capacity=8)
    SlotFactory(tour=tour, start=at(free, 10))
    assert cal.month_days(tour=tour, month=month) == {
        taken: DayState.FULL,
        tiny: DayState.FULL,
        free: DayState.ROOM,
    }


def test_moving_a_party_needs_room_for_all_of_it_and_skips_its_own_departure():
    tour = TourFactory()
    month = next_month()
    own = SlotFactory(tour=tour, start=at(month, 10), capacity=10)
    booking = book(own, party_size=3)
    tight = SlotFactory(tour=tour, start=at(month + timedelta(days=1), 10), capacity=2)
    roomy = SlotFactory(tour=tour, start=at(month + timedelta(days=2), 10), capacity=10)
    rule = {"party_size": booking.party_size, "exclude_slot_id": own.pk}
    days = cal.month_days(tour=tour, month=month, **rule)
    assert days == {tight.start.date(): DayState.FULL, roomy.start.date(): DayState.ROOM}
    assert cal.first_open_day(tour=tour, **rule) == roomy.start.date()
    assert cal.day_departures(tour=tour, day=month + timedelta(days=1), **rule) == []
    assert cal.day_departures(tour=tour, day=month + timedelta(days=2), **rule) == [roomy]


def test_the_first_open_day_prefers_room_then_the_waiting_list():
    tour = TourFactory()
    month = next_month()
    full = SlotFactory(tour=tour, start=at(month, 10), capacity=2)
    book(full, party_size=2)
    assert cal.first_open_day(tour=tour) == month
    SlotFactory(tour=tour, start=at(month + timedelta(days=9), 10))
    assert cal.first_open_day(tour=tour) == month + timedelta(days=9)
    assert cal.first_open_day(tour=TourFactory()) is None


@pytest.mark.parametrize("count", [1, 200])
def test_the_month_is_one_query_at_any_number_of_slots(django_assert_num_queries, count):
    tour = TourFactory()
    month = next_month()
    start = at(month, 8)
    Slot.objects.bulk_create(
        Slot(
            tour=tour,
            start=start + timedelta(hours=4 * n),
            end=start + timedelta(hours=4 * n + 1),
            capacity=10,
            booked=10 if n % 3 == 1 else n % 10,
        )
        for n in range(count)
    )
    with django_assert_num_queries(1):
        days = cal.month_days(tour=tour, month=month)
    assert days
    # Today, with nothing in this month: the month, the next day with room, its month.
    with django_assert_num_queries(3):
        choice = cal.choose(tour=tour, month_text=None, day_text=None)
    assert choice.month == month and choice.days[choice.day] == DayState.ROOM
    # A day in that month, with room in it: the month alone.
    with django_assert_num_queries(1):
        same = cal.choose(tour=tour, month_text=None, day_text=None, now=at(month, 0))
    assert same == choice
    with django_assert_num_queries(1):
        cal.choose(tour=tour, month_text=f"{month:%Y-%m}", day_text=None)
    with django_assert_num_queries(1):
        cal.day_departures(tour=tour, day=month)


def test_days_are_local_days_across_the_clock_changes():
    """00:30 and 23:30 local on the last Sundays of March and October belong to that day,
    and a month's first and last hours to that month, not to UTC's."""
    tour = TourFactory()
    year = timezone.localdate().year + 1
    for month_number in (3, 10):
        sunday = last_sunday(year, month_number)
        month = sunday.replace(day=1)
        following = next_month(sunday)
        early, late = at(sunday, 0, 30), at(sunday, 23, 30)
        SlotFactory(tour=tour, start=early)
        SlotFactory(tour=tour, start=late)
        SlotFactory(tour=tour, start=at(month, 0, 15))  # 23:15 UTC the day before
        SlotFactory(tour=tour, start=at(following, 0, 15))  # still last month in UTC
        assert early.astimezone(ZoneInfo("UTC")).date() != sunday
        days = cal.month_days(tour=tour, month=month)
        assert days == {month: DayState.ROOM, sunday: DayState.ROOM}
        assert [s.start for s in cal.day_departures(tour=tour, day=sunday)] == [early, late]
        assert following in cal.month_days(tour=tour, month=following)


# --- the address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", None, "2027", "2027-13", "2027-00", "27-05", "2027-5", "abc", "9999-12", "2000-01"]
)
def test_a_month_that_is_not_one_or_outside_the_horizon_is_none(text):
    assert cal.parse_month(text) is None


@pytest.mark.parametrize(
    "text", ["", None, "2027-02-30", "2027-5-1", "x" * 300, "0001-01-01", "9999-12-31", "\x00"]
)
def test_a_day_that_is_not_one_is_none(text):
    assert cal.parse_day(text) is None


def test_past_days_and_the_horizon():
    today = timezone.localdate()
    assert cal.parse_day((today - timedelta(days=1)).isoformat()) is None
    assert cal.parse_day(today.isoformat()) == today
    assert cal.parse_day(latest_day().isoformat()) == latest_day()
    assert cal.parse_day((latest_day() + timedelta(days=1)).isoformat()) is None
    assert cal.parse_month(f"{today:%Y-%m}") == today.replace(day=1)
    assert cal.parse_month(f"{latest_day():%Y-%m}") == latest_day().replace(day=1)


def test_choose_follows_a_valid_address_and_falls_back_from_a_bad_one():
    tour = TourFactory()
    month = next_month()
    first = SlotFactory(tour=tour, start=at(month + timedelta(days=3), 10))
    SlotFactory(tour=tour, start=at(month + timedelta(days=5), 10))
    day3, day5 = month + timedelta(days=3), month + timedelta(days=5)
    assert cal.choose(tour=tour, month_text=None, day_text=None).day == first.start.date()
    chosen = cal.choose(tour=tour, month_text=f"{month:%Y-%m}", day_text=day5.isoformat())
    assert (chosen.month, chosen.day) == (month, day5)
    # A day alone names its month; a day outside the month asked for is dropped.
    assert cal.choose(tour=tour, month_text=None, day_text=day5.isoformat()).month == month
    later = next_month(month)
    odd = cal.choose(tour=tour, month_text=f"{later:%Y-%m}", day_text=day5.isoformat())
    assert (odd.month, odd.day) == (later, None)
    for bad in ("2027-13", "x", "9999-01"):
        fallback = cal.choose(tour=tour, month_text=bad, day_text="nope")
        assert (fallback.month, fallback.day) == (month, day3)
    # A day without departures is shown (empty), not refused.
    assert cal.choose(tour=tour, month_text=None, day_text=(month + timedelta(days=4)).isoformat())


# --- the grid -------------------------------------------------------------------------------


def test_the_grid_is_weeks_of_seven_from_monday_with_links_for_open_days():
    today = timezone.localdate()
    month = next_month(next_month())
    room, full = month + timedelta(days=9), month + timedelta(days=10)
    with translation.override("en"):
        grid = cal.month_grid(
            month=month, days={room: DayState.ROOM, full: DayState.FULL}, selected=room
        )
        assert grid.weekdays[0] == ("Mo", "Monday") and grid.weekdays[6] == ("Su", "Sunday")
    assert all(len(week) == 7 for week in grid.weeks)
    cells = [c for week in grid.weeks for c in week]
    assert cells[month.weekday()].number == 1
    assert all(c.day is None for c in cells[: month.weekday()])
    by_day = {c.day: c for c in cells if c.day}
    assert by_day[room].href == f"?month={month:%Y-%m}&day={room.isoformat()}#departures"
    assert "selected" in by_day[room].css and "room" in by_day[room].css
    assert by_day[room].label.endswith("places free, chosen")
    assert by_day[full].href and "waiting list" in by_day[full].label
    assert by_day[month].href == "" and by_day[month].label == ""
    assert grid.previous_href == f"?month={next_month():%Y-%m}#calendar"
    assert today  # the grid of a later month has no today


def test_moving_does_not_link_full_days():
    month = next_month()
    full = month + timedelta(days=2)
    with translation.override("en"):
        grid = cal.month_grid(month=month, days={full: DayState.FULL}, moving=True)
    cell = next(c for week in grid.weeks for c in week if c.day == full)
    assert cell.href == "" and "full" in cell.css


def test_today_is_marked_past_days_are_inert_and_months_stop_at_the_horizon():
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    grid = cal.month_grid(month=today, days={yesterday: DayState.ROOM, today: DayState.ROOM})
    by_day = {c.day: c for week in grid.weeks for c in week if c.day}
    assert by_day[today].today and "today" in by_day[today].css and by_day[today].href
    if yesterday.month == today.month:
        assert by_day[yesterday].href == "" and "past" in by_day[yesterday].css
    assert grid.previous_href == "" and grid.next_href
    end = cal.month_grid(month=latest_day(), days={})
    assert end.next_href == "" and end.previous_href


@pytest.mark.parametrize(
    ("lang", "caption", "monday"), [("da", "Maj", "ma."), ("en", "May", "Mo"), ("de", "Mai", "Mo.")]
)
def test_the_grid_speaks_the_page_s_language(lang, caption, monday):
    year = timezone.localdate().year + 1
    with translation.override(lang):
        grid = cal.month_grid(month=date(year, 5, 1), days={})
    assert grid.caption == f"{caption} {year}"
    assert grid.weekdays[0][0] == monday


def test_the_booking_s_own_day_is_marked_when_moving():
    month = next_month()
    own = month + timedelta(days=3)
    with translation.override("en"):
        grid = cal.month_grid(month=month, days={}, moving=True, booked_day=own)
    cell = next(c for week in grid.weeks for c in week if c.day == own)
    assert "booked" in cell.css and cell.href == ""
    assert cell.label.endswith("your booking now")
