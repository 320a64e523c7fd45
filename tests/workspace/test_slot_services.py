"""The slot services: capacity, closing, cancelling, moving, opening and removing slots."""

from datetime import timedelta

import pytest
from django.utils import timezone

from booking import errors, services, slot_services
from booking.models import Booking
from tests import factories
from tests.workspace.conftest import notices
from tours.models import Slot

pytestmark = pytest.mark.django_db


def test_capacity_cannot_go_below_booked_and_nothing_is_written():
    slot = factories.SlotFactory(capacity=10)
    factories.book(slot, party_size=6)
    with pytest.raises(errors.CapacityBelowBooked) as caught:
        slot_services.slot_set_capacity(slot_id=slot.pk, capacity=5)
    assert caught.value.code == "capacity_below_booked"
    assert "6" in caught.value.text
    assert Slot.objects.get(pk=slot.pk).capacity == 10


def test_capacity_can_go_down_to_exactly_booked_and_up():
    slot = factories.SlotFactory(capacity=10)
    factories.book(slot, party_size=6)
    assert slot_services.slot_set_capacity(slot_id=slot.pk, capacity=6).capacity == 6
    with pytest.raises(errors.SlotFull):
        factories.book(slot, party_size=1, email="b@example.com")
    assert slot_services.slot_set_capacity(slot_id=slot.pk, capacity=30).capacity == 30
    assert Slot.objects.get(pk=slot.pk).capacity == 30


def test_capacity_must_be_positive():
    slot = factories.SlotFactory()
    with pytest.raises(errors.CapacityInvalid):
        slot_services.slot_set_capacity(slot_id=slot.pk, capacity=0)


def test_close_refuses_new_bookings_keeps_existing_and_reopen_allows_again():
    slot = factories.SlotFactory()
    booking = factories.book(slot)
    slot_services.slot_close(slot_id=slot.pk)
    with pytest.raises(errors.SlotClosed):
        factories.book(slot, email="b@example.com")
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED
    slot_services.slot_reopen(slot_id=slot.pk)
    factories.book(slot, email="c@example.com")
    assert Slot.objects.get(pk=slot.pk).booked == 4


def test_cancel_cancels_every_booking_bumps_sequence_and_tells_each_visitor():
    slot = factories.SlotFactory()
    first = factories.book(slot, party_size=2)
    second = factories.book(slot, party_size=3, email="b@example.com")
    already = factories.book(slot, party_size=1, email="c@example.com")
    services.booking_cancel(booking=already)
    before = len(notices("cancelled"))
    cancelled_slot, cancelled = slot_services.slot_cancel(slot_id=slot.pk)
    assert cancelled_slot.status == Slot.Status.CANCELLED
    assert {b.pk for b in cancelled} == {first.pk, second.pk}
    slot.refresh_from_db()
    assert slot.booked == 0
    for booking in (first, second):
        fresh = Booking.objects.get(pk=booking.pk)
        assert fresh.status == Booking.Status.CANCELLED
        assert fresh.sequence == booking.sequence + 1
        assert fresh.cancelled_at is not None
    assert notices("cancelled")[before:] == [(first.pk, "cancelled"), (second.pk, "cancelled")]
    with pytest.raises(errors.SlotNotChangeable):
        slot_services.slot_cancel(slot_id=slot.pk)
    with pytest.raises(errors.SlotNotChangeable):
        slot_services.slot_reopen(slot_id=slot.pk)


def test_move_keeps_length_bumps_sequence_and_sends_the_update():
    slot = factories.SlotFactory()
    booking = factories.book(slot)
    length = slot.end - slot.start
    new_start = slot.start + timedelta(days=1, hours=2)
    moved, told = slot_services.slot_move(slot_id=slot.pk, start=new_start)
    assert (moved.start, moved.end) == (new_start, new_start + length)
    assert [b.pk for b in told] == [booking.pk]
    assert Booking.objects.get(pk=booking.pk).sequence == booking.sequence + 1
    assert notices("changed") == [(booking.pk, "changed")]


def test_move_refuses_the_past_and_a_taken_time_and_writes_nothing():
    slot = factories.SlotFactory()
    other = factories.SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    factories.book(slot)
    with pytest.raises(errors.SlotStartInvalid):
        slot_services.slot_move(slot_id=slot.pk, start=timezone.now() - timedelta(hours=1))
    with pytest.raises(errors.SlotExists):
        slot_services.slot_move(slot_id=slot.pk, start=other.start)
    assert Slot.objects.get(pk=slot.pk).start == slot.start
    assert notices("changed") == []


def test_create_refuses_duplicates_and_the_past():
    tour = factories.TourFactory()
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    slot = slot_services.slot_create(tour=tour, start=start, capacity=8)
    assert slot.end == start + tour.duration
    with pytest.raises(errors.SlotExists):
        slot_services.slot_create(tour=tour, start=start, capacity=8)
    with pytest.raises(errors.SlotStartInvalid):
        slot_services.slot_create(tour=tour, start=timezone.now() - timedelta(days=1), capacity=8)
    assert Slot.objects.filter(tour=tour).count() == 1


def test_remove_deletes_only_a_never_booked_slot():
    empty = factories.SlotFactory()
    slot_services.slot_remove(slot_id=empty.pk)
    assert not Slot.objects.filter(pk=empty.pk).exists()
    booked = factories.SlotFactory()
    booking = factories.book(booked)
    with pytest.raises(errors.SlotHasBookings):
        slot_services.slot_remove(slot_id=booked.pk)
    services.booking_cancel(booking=booking)
    # Places freed, but a booking's history still points at it: it is kept.
    with pytest.raises(errors.SlotHasBookings):
        slot_services.slot_remove(slot_id=booked.pk)
    assert Slot.objects.filter(pk=booked.pk).exists()
