"""Lowering a slot's capacity while visitors book never leaves booked > capacity, and never
ends in a database error: PostgreSQL, real threads, each with its own connection."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from booking import errors, slot_services
from booking.models import Booking
from tests import factories
from tours.models import Slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(target, results: list, *args) -> threading.Thread:
    def run() -> None:
        try:
            results.append(("ok", target(*args)))
        except errors.BookingError as error:
            results.append(("refused", error.code))
        except IntegrityError as error:
            results.append(("integrity", str(error)))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _naive_set_capacity(slot_id: int, capacity: int, read: threading.Event, go: threading.Event):
    """What a view would do without the service: check unlocked, then write."""
    with transaction.atomic():
        booked = Slot.objects.get(pk=slot_id).booked
        read.set()
        go.wait(5)
        if capacity < booked:
            raise errors.CapacityBelowBooked(booked)
        Slot.objects.filter(pk=slot_id).update(capacity=capacity)


def test_control_naive_lowering_races_with_a_booking():
    """Without the lock, the check passes on a stale count and the write breaks the rule; only
    the CHECK constraint stops it, as a database error (a 500 for the user)."""
    slot = factories.SlotFactory(capacity=10)
    read, go, results = threading.Event(), threading.Event(), []
    lowering = _in_thread(_naive_set_capacity, results, slot.pk, 3, read, go)
    read.wait(5)
    factories.book(slot, party_size=5)  # commits between the check and the write
    go.set()
    lowering.join(10)
    assert results and results[0][0] == "integrity"


def test_service_lowering_in_the_same_interleaving_is_clean(monkeypatch):
    """The same interleaving through slot_set_capacity: the booking waits for the slot lock,
    then sees the new capacity and is refused cleanly; nothing is overbooked."""
    slot = factories.SlotFactory(capacity=10)
    locked = threading.Event()
    real_lock = slot_services.lock_slot

    def slow_lock(slot_id: int):
        found = real_lock(slot_id)
        locked.set()
        time.sleep(0.3)  # hold the lock while the booking tries to get in
        return found

    monkeypatch.setattr(slot_services, "lock_slot", slow_lock)
    results: list = []
    lowering = _in_thread(
        lambda: slot_services.slot_set_capacity(slot_id=slot.pk, capacity=3), results
    )
    locked.wait(5)
    booking: list = []
    booker = _in_thread(lambda: factories.book(slot, party_size=5), booking)
    lowering.join(10)
    booker.join(10)
    assert results[0][0] == "ok"
    assert booking == [("refused", "not_enough_places")]
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked) == (3, 0)


def test_lowering_capacity_under_a_crowd_of_bookings_never_overbooks():
    slot = factories.SlotFactory(capacity=60)
    results: list = []

    def visitor(n: int) -> int:
        made = 0
        for attempt in range(8):
            try:
                factories.book(slot, party_size=1, email=f"v{n}-{attempt}@example.com")
                made += 1
            except (errors.SlotFull, errors.NotEnoughPlaces):
                pass
        return made

    def lower() -> list[int]:
        done = []
        for capacity in range(60, 0, -3):
            try:
                slot_services.slot_set_capacity(slot_id=slot.pk, capacity=capacity)
                done.append(capacity)
            except errors.CapacityBelowBooked as error:
                done.append(-error.booked)
            time.sleep(0.02)  # let the crowd book between steps
        return done

    threads = [_in_thread(visitor, results, n) for n in range(8)]
    threads.append(_in_thread(lower, results))
    for thread in threads:
        thread.join(60)
    assert all(kind == "ok" for kind, _ in results), results
    slot.refresh_from_db()
    confirmed = sum(
        Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).values_list(
            "party_size", flat=True
        )
    )
    assert slot.booked == confirmed
    assert slot.booked <= slot.capacity
    made = sum(value for kind, value in results if isinstance(value, int))
    assert made == confirmed
    # The race was really exercised: visitors were refused because of the lowered capacity,
    # and the lowering met bookings it could not go below.
    lowered = next(value for kind, value in results if isinstance(value, list))
    assert made < 64
    assert any(v < 0 for v in lowered), lowered


def test_cancelling_a_slot_while_visitors_book_leaves_no_booking_standing():
    """Every booking either committed before the cancel (and was cancelled with the slot) or
    came after it (and was refused): none stays confirmed on a cancelled slot."""
    slot = factories.SlotFactory(capacity=200)
    results: list = []

    def visitor(n: int) -> int:
        made = 0
        for attempt in range(10):
            try:
                factories.book(slot, party_size=1, email=f"c{n}-{attempt}@example.com")
                made += 1
            except errors.SlotCancelled:
                pass
        return made

    def cancel() -> tuple[str, int]:
        deadline = time.monotonic() + 10
        while not Booking.objects.filter(slot=slot).exists() and time.monotonic() < deadline:
            time.sleep(0.005)  # cancel as soon as the crowd is booking
        return ("cancelled", len(slot_services.slot_cancel(slot_id=slot.pk)[1]))

    threads = [_in_thread(visitor, results, n) for n in range(6)]
    threads.append(_in_thread(cancel, results))
    for thread in threads:
        thread.join(60)
    assert all(kind == "ok" for kind, _ in results), results
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CANCELLED
    assert slot.booked == 0
    assert not Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).exists()
    made = sum(value for _, value in results if isinstance(value, int))
    cancelled = next(value[1] for _, value in results if isinstance(value, tuple))
    # Every booking that got in was cancelled by the slot's cancellation, and some got in
    # before it and some were refused after it (so the race was really exercised).
    assert cancelled == made == Booking.objects.filter(slot=slot).count()
    assert 0 < made < 60
