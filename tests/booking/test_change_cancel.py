"""booking_change and visitor cancellation: locked, atomic, and honest about deadlines."""

from datetime import timedelta

import pytest
from django.utils import timezone

from booking import errors, services
from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tests.outbox import owed

pytestmark = pytest.mark.django_db


def _same_tour_slots(capacity=10, other_capacity=10):
    tour = TourFactory()
    first = SlotFactory(tour=tour, capacity=capacity)
    second = SlotFactory(tour=tour, capacity=other_capacity, start=first.start + timedelta(days=1))
    return first, second


def test_move_takes_new_places_frees_old_and_bumps_sequence():
    first, second = _same_tour_slots()
    booking = book(first, party_size=3)
    changed = services.booking_change(booking=booking, slot_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (changed.slot_id, first.booked, second.booked) == (second.pk, 0, 3)
    assert changed.sequence == booking.sequence + 1
    assert owed("company_changed") == 1


def test_move_to_full_slot_fails_and_leaves_booking_intact():
    first, second = _same_tour_slots(other_capacity=3)
    booking = book(first, party_size=2)
    book(second, party_size=2, email="other@example.com")
    with pytest.raises(errors.NotEnoughPlaces):
        services.booking_change(booking=booking, slot_id=second.pk)
    booking.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (booking.slot_id, booking.party_size, booking.sequence) == (first.pk, 2, 0)
    assert (first.booked, second.booked) == (2, 2)
    assert owed("company_changed") == 0


def test_move_with_a_size_that_fits_succeeds_control():
    first, second = _same_tour_slots(other_capacity=3)
    booking = book(first, party_size=2)
    book(second, party_size=2, email="other@example.com")
    services.booking_change(booking=booking, slot_id=second.pk, party_size=1)
    second.refresh_from_db()
    assert second.booked == 3


def test_move_to_another_tour_is_refused():
    booking = book(SlotFactory(), party_size=2)
    other = SlotFactory()
    with pytest.raises(errors.MoveNotAllowed):
        services.booking_change(booking=booking, slot_id=other.pk)
    other.refresh_from_db()
    assert other.booked == 0


def test_move_to_unknown_slot_is_not_found():
    booking = book(SlotFactory(), party_size=2)
    with pytest.raises(errors.SlotNotFound):
        services.booking_change(booking=booking, slot_id=999_999)


def test_move_past_the_cutoff_is_refused():
    first, second = _same_tour_slots()
    second.start = timezone.now() + timedelta(hours=1)
    second.end = second.start + timedelta(hours=1)
    second.save()
    booking = book(first)
    with pytest.raises(errors.BookingCutOff):
        services.booking_change(booking=booking, slot_id=second.pk)


def test_grow_within_capacity_and_refuse_beyond():
    slot = SlotFactory(capacity=5)
    booking = book(slot, party_size=2)
    services.booking_change(booking=booking, party_size=5)
    slot.refresh_from_db()
    assert slot.booked == 5
    with pytest.raises(errors.NotEnoughPlaces):
        services.booking_change(booking=booking, party_size=6)
    slot.refresh_from_db()
    booking.refresh_from_db()
    assert (slot.booked, booking.party_size) == (5, 5)


def test_shrink_frees_places():
    slot = SlotFactory(capacity=5)
    booking = book(slot, party_size=4)
    services.booking_change(booking=booking, party_size=1)
    slot.refresh_from_db()
    assert slot.booked == 1


def test_group_can_resize_within_its_own_slot():
    slot = SlotFactory(tour=GroupTourFactory())
    booking = book(slot, party_size=20, organisation="Skolen")
    services.booking_change(booking=booking, party_size=30)
    slot.refresh_from_db()
    assert slot.booked == 30
    with pytest.raises(errors.PartySizeInvalid):
        services.booking_change(booking=booking, party_size=5)


def test_nothing_to_change_writes_nothing():
    booking = book(SlotFactory(), party_size=2)
    with pytest.raises(errors.NothingToChange):
        services.booking_change(booking=booking, party_size=2)
    booking.refresh_from_db()
    assert booking.sequence == 0


def test_cancelled_booking_cannot_change():
    booking = book(SlotFactory(), party_size=2)
    services.booking_cancel(booking=booking)
    with pytest.raises(errors.BookingNotActive):
        services.booking_change(booking=booking, party_size=3)


def test_visitor_cancel_respects_the_deadline():
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot, party_size=2)
    with pytest.raises(errors.ChangeDeadlinePassed):
        services.booking_cancel(booking=booking, by_visitor=True)
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert (booking.status, slot.booked) == (Booking.Status.CONFIRMED, 2)
    # Staff may still cancel (control): the deadline is the visitor's.
    services.booking_cancel(booking=booking)
    slot.refresh_from_db()
    assert slot.booked == 0


def test_visitor_cancel_before_deadline_frees_places():
    slot = SlotFactory()
    booking = book(slot, party_size=2)
    cancelled = services.booking_cancel(booking=booking, by_visitor=True)
    slot.refresh_from_db()
    assert (cancelled.status, cancelled.sequence, slot.booked) == ("cancelled", 1, 0)


def test_visitor_change_after_deadline_is_refused():
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot, party_size=2)
    with pytest.raises(errors.ChangeDeadlinePassed):
        services.booking_change(booking=booking, party_size=1, by_visitor=True)
