"""The booking service under real concurrency: PostgreSQL, one connection per thread, real
commits. SQLite serialises all writers, so it cannot prove anything here."""

import contextlib
import threading
from collections import Counter

import pytest

from booking import capacity, services
from booking.models import Booking
from tests.factories import SlotFactory, visitor
from tests.race import crashes, race
from tours.models import Slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 60
CAPACITY = 10


def _fire(slot_id: int, clients: int) -> Counter:
    """`clients` visitors book one place each on the slot at the same moment. Returns how
    many got each outcome ('ok' or an error code)."""

    def client(n: int):
        return lambda: services.booking_create(
            slot_id=slot_id, visitor=visitor(name=f"Visitor {n}"), party_size=1
        )

    return race([client(n) for n in range(clients)])


def _places_sold(slot: Slot) -> int:
    return sum(Booking.objects.filter(slot=slot).values_list("party_size", flat=True))


def _contended(lock_slots, *, hold: float, barrier: threading.Barrier | None = None):
    """Wraps a slot-reading function so each caller, once it has the rows, holds them for
    `hold` seconds (or until every client has read them, with `barrier`), and records how many
    callers were waiting at once: proof that the race really happened on a loaded machine."""
    state = {"waiting": 0, "max_waiting": 0}
    guard = threading.Lock()

    def wrapper(slot_ids):
        with guard:
            state["waiting"] += 1
            state["max_waiting"] = max(state["max_waiting"], state["waiting"])
        try:
            slots = lock_slots(slot_ids)
        finally:
            with guard:
                state["waiting"] -= 1
        if barrier is not None:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        threading.Event().wait(hold)
        return slots

    return wrapper, state


def test_parallel_bookings_never_exceed_capacity(monkeypatch):
    wrapper, state = _contended(capacity.lock_slots, hold=0.005)
    monkeypatch.setattr(capacity, "lock_slots", wrapper)
    slot = SlotFactory(capacity=CAPACITY)

    outcomes = _fire(slot.pk, CLIENTS)

    slot.refresh_from_db()
    print(
        f"locked: {CLIENTS} clients, capacity {CAPACITY}: {dict(outcomes)}, "
        f"sold {_places_sold(slot)}, at most {state['max_waiting']} waiting for the lock"
    )
    assert state["max_waiting"] >= 5, "the clients did not contend; the test proved nothing"
    assert outcomes["ok"] == CAPACITY, outcomes
    assert outcomes["slot_full"] == CLIENTS - CAPACITY, outcomes
    assert _places_sold(slot) == CAPACITY
    assert slot.booked == CAPACITY


def test_control_without_the_lock_the_same_harness_sees_overbooking(monkeypatch):
    """Proves the harness can fail: with the row lock taken away, every client reads the
    slot before any writes (the barrier makes the interleaving certain rather than likely),
    and far more places are sold than the slot has. The counter loses updates, so the CHECK
    constraint on `booked` cannot see it; the bookings table can."""

    def unlocked(slot_ids):
        return {
            s.pk: s
            for s in Slot.objects.select_related("tour", "tour__company").filter(pk__in=slot_ids)
        }

    wrapper, _ = _contended(unlocked, hold=0, barrier=threading.Barrier(CLIENTS, timeout=10))
    monkeypatch.setattr(capacity, "lock_slots", wrapper)
    slot = SlotFactory(capacity=CAPACITY)

    outcomes = _fire(slot.pk, CLIENTS)

    print(
        f"unlocked: {CLIENTS} clients, capacity {CAPACITY}: {dict(outcomes)}, "
        f"sold {_places_sold(slot)}"
    )
    assert not crashes(outcomes), outcomes
    assert _places_sold(slot) > CAPACITY, outcomes
