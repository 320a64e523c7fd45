"""booking.checkin: check-in (whole or partial party), double scan, undo, no-shows only after
the start plus grace, and a checked-in booking that cannot be changed or cancelled."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from booking import checkin, errors, services, slot_services
from booking.models import Booking
from tests.factories import SlotFactory, TourFactory, UserFactory, book

pytestmark = pytest.mark.django_db


def _slot_at(hour: int = 10, days: int = 3, **kwargs):
    """A departure at `hour` local time, `days` ahead (so it can still be booked)."""
    day = timezone.localdate() + timedelta(days=days)
    start = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
    return SlotFactory(start=start, end=start + timedelta(hours=1), **kwargs)


def _at(slot, minutes: int) -> datetime:
    return slot.start + timedelta(minutes=minutes)


def test_check_in_records_the_whole_party_the_time_and_who():
    slot = _slot_at()
    booking = book(slot, party_size=4)
    staff = UserFactory()
    done = checkin.booking_check_in(booking_id=booking.pk, by=staff, now=_at(slot, -8))
    booking.refresh_from_db()
    assert booking.arrived == 4 and done.arrived == 4
    assert booking.checked_in_at == _at(slot, -8)
    assert booking.checked_in_by == staff
    assert booking.status == Booking.Status.CONFIRMED


def test_partial_arrival_three_of_four():
    slot = _slot_at()
    booking = book(slot, party_size=4)
    checkin.booking_check_in(booking_id=booking.pk, arrived=3, now=_at(slot, 0))
    booking.refresh_from_db()
    assert (booking.arrived, booking.party_size) == (3, 4)


@pytest.mark.parametrize("arrived", [0, 5, -1])
def test_a_count_outside_the_party_is_refused_and_nothing_written(arrived):
    slot = _slot_at()
    booking = book(slot, party_size=4)
    with pytest.raises(errors.ArrivedInvalid) as refused:
        checkin.booking_check_in(booking_id=booking.pk, arrived=arrived, now=_at(slot, 0))
    assert refused.value.field == "arrived"
    booking.refresh_from_db()
    assert booking.checked_in_at is None and booking.arrived is None


def test_double_scan_says_when_and_changes_nothing():
    slot = _slot_at(hour=10)
    booking = book(slot, party_size=4)
    first = slot.start.replace(minute=2)  # 10:02 local
    checkin.booking_check_in(booking_id=booking.pk, arrived=3, now=first)
    with pytest.raises(errors.AlreadyCheckedIn) as second:
        checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 30))
    assert "10:02" in second.value.text
    booking.refresh_from_db()
    assert booking.checked_in_at == first and booking.arrived == 3


def test_control_a_first_scan_is_not_refused_as_double():
    """The harness can tell a first scan from a second one."""
    slot = _slot_at()
    booking = book(slot)
    assert checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 0)).arrived == 2


@pytest.mark.parametrize("days", [-1, 1])
def test_another_day_is_refused_plainly(days):
    slot = _slot_at()
    booking = book(slot)
    with pytest.raises(errors.CheckInWrongDay) as refused:
        checkin.booking_check_in(booking_id=booking.pk, now=slot.start + timedelta(days=days))
    assert refused.value.day == timezone.localdate(slot.start)
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_the_same_local_day_is_accepted_early_and_late():
    slot = _slot_at(hour=10)
    early, late = book(slot), book(slot, email="b@example.com")
    checkin.booking_check_in(booking_id=early.pk, now=slot.start.replace(hour=7))
    checkin.booking_check_in(booking_id=late.pk, now=slot.start.replace(hour=22, minute=59))


def test_a_cancelled_booking_cannot_be_checked_in():
    slot = _slot_at()
    booking = book(slot)
    services.booking_cancel(booking=booking)
    with pytest.raises(errors.BookingNotActive):
        checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 0))


def test_undo_removes_the_check_in():
    slot = _slot_at()
    booking = book(slot)
    checkin.booking_check_in(booking_id=booking.pk, by=UserFactory(), now=_at(slot, 0))
    checkin.booking_check_in_undo(booking_id=booking.pk)
    booking.refresh_from_db()
    assert (booking.arrived, booking.checked_in_at, booking.checked_in_by) == (None, None, None)
    with pytest.raises(errors.NotCheckedIn):
        checkin.booking_check_in_undo(booking_id=booking.pk)


def test_no_show_only_after_start_plus_grace():
    slot = _slot_at()
    booking = book(slot)
    grace = int(checkin.NO_SHOW_GRACE.total_seconds() // 60)
    for minutes in (-30, 0, grace - 1):
        with pytest.raises(errors.NoShowTooEarly):
            checkin.booking_mark_no_show(booking_id=booking.pk, now=_at(slot, minutes))
    booking.refresh_from_db()
    assert booking.no_show_at is None
    checkin.booking_mark_no_show(booking_id=booking.pk, now=_at(slot, grace))
    booking.refresh_from_db()
    assert booking.no_show_at == _at(slot, grace)
    # Never deleted, never cancelled: the figures count it.
    assert booking.status == Booking.Status.CONFIRMED
    with pytest.raises(errors.AlreadyNoShow):
        checkin.booking_mark_no_show(booking_id=booking.pk, now=_at(slot, 60))


def test_no_show_of_a_checked_in_party_is_refused():
    slot = _slot_at()
    booking = book(slot)
    checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 0))
    with pytest.raises(errors.AlreadyCheckedIn):
        checkin.booking_mark_no_show(booking_id=booking.pk, now=_at(slot, 60))


def test_a_late_party_marked_no_show_can_still_check_in():
    slot = _slot_at()
    booking = book(slot)
    checkin.booking_mark_no_show(booking_id=booking.pk, now=_at(slot, 20))
    checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 25))
    booking.refresh_from_db()
    assert booking.no_show_at is None and booking.arrived == 2


def test_no_show_undo():
    slot = _slot_at()
    booking = book(slot)
    checkin.booking_mark_no_show(booking_id=booking.pk, now=_at(slot, 20))
    checkin.booking_no_show_undo(booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.no_show_at is None
    with pytest.raises(errors.NotNoShow):
        checkin.booking_no_show_undo(booking_id=booking.pk)


def test_checked_in_booking_cannot_be_changed_or_cancelled_until_undone():
    tour = TourFactory()
    slot, other = _slot_at(tour=tour), _slot_at(tour=tour, hour=14)
    booking = book(slot, party_size=3)
    checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 0))
    with pytest.raises(errors.BookingCheckedIn):
        services.booking_cancel(booking=booking)
    with pytest.raises(errors.BookingCheckedIn):
        services.booking_change(booking=booking, party_size=2)
    with pytest.raises(errors.BookingCheckedIn):
        services.booking_change(booking=booking, slot_id=other.pk)
    with pytest.raises(errors.SlotHasArrivals):
        slot_services.slot_cancel(slot_id=slot.pk)
    with pytest.raises(errors.SlotHasArrivals):
        slot_services.slot_move(slot_id=slot.pk, start=slot.start + timedelta(hours=2))
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.party_size == 3
    assert slot.status == slot.Status.SCHEDULED and slot.booked == 3
    # Control: once the check-in is undone, the same cancellation goes through.
    checkin.booking_check_in_undo(booking_id=booking.pk)
    assert services.booking_cancel(booking=booking).status == Booking.Status.CANCELLED


def test_check_in_secret_is_its_own_unguessable_secret():
    slot = _slot_at()
    first, second = book(slot), book(slot, email="b@example.com")
    secret = checkin.checkin_secret(first)
    assert len(secret) == 43
    assert secret == checkin.checkin_secret(first)  # made again, never stored
    assert secret != checkin.checkin_secret(second)
    assert secret != first.token and first.token not in secret
    assert checkin.checkin_secret_matches(first, secret)
    assert not checkin.checkin_secret_matches(first, first.token)
    assert not checkin.checkin_secret_matches(second, secret)
    assert secret not in {f.value_to_string(first) for f in Booking._meta.fields}
    url = checkin.checkin_url(first)
    assert url.endswith(f"/check-in/{first.reference}/{secret}/")
    assert "/en/" not in url and "/de/" not in url


@pytest.mark.parametrize("status", ["on_hold", "expired"])
def test_a_hold_is_not_checked_in_and_says_why(status):
    slot = _slot_at()
    booking = book(slot)
    Booking.objects.filter(pk=booking.pk).update(
        status=status, hold_expires_at=slot.start - timedelta(days=1)
    )
    with pytest.raises(errors.CheckInNotConfirmed):
        checkin.booking_check_in(booking_id=booking.pk, now=_at(slot, 0))
    booking.refresh_from_db()
    assert booking.checked_in_at is None
