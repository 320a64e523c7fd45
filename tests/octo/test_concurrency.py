"""Holds through the OCTO API racing direct bookings on PostgreSQL: real threads, one
connection each, real commits. Whoever wins, the places held and sold never exceed the
departure's capacity, because both take the same slot lock and the same rule. The control
takes the lock away and the same harness oversells, so the test can fail."""

import contextlib
import threading
import uuid
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from booking import capacity, services
from booking.models import Booking
from octo import keys
from tests.factories import SlotFactory, visitor
from tests.octo.conftest import OctoClient
from tests.race import crashes, race
from tours.models import Slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 40  # half hold through /octo/bookings, half book directly
CAPACITY = 10


def _fire(slot: Slot, key: str) -> Counter:
    """Half the clients hold a place through the OCTO API, half book directly, all at the
    same moment. Counts 'held', 'booked' and the refusals' codes."""
    availability_id = slot.start.astimezone(ZoneInfo("Europe/Copenhagen")).isoformat()

    def reseller() -> str:
        body = {
            "uuid": str(uuid.uuid4()),
            "productId": str(slot.tour_id),
            "optionId": "DEFAULT",
            "availabilityId": availability_id,
            "unitItems": [{"unitId": "person"}],
        }
        response = OctoClient(key).post("bookings", body)
        if response.status_code == 200:
            return "held"
        return response.json().get("error", f"http {response.status_code}")

    def visitor_books(n: int):
        def book() -> str:
            services.booking_create(
                slot_id=slot.pk, visitor=visitor(email=f"v{n}@example.com"), party_size=1
            )
            return "booked"

        return book

    return race([reseller if n % 2 else visitor_books(n) for n in range(CLIENTS)])


def _taken(slot: Slot) -> int:
    """Places held or sold, counted from the bookings themselves (not the counter)."""
    active = Booking.objects.filter(slot=slot, status__in=["on_hold", "confirmed"])
    return active.aggregate(n=Sum("party_size"))["n"] or 0


def test_racing_holds_and_bookings_never_exceed_capacity():
    slot = SlotFactory(capacity=CAPACITY)
    issued = keys.reseller_create(name="Racing portal")

    outcomes = _fire(slot, issued.key)

    slot.refresh_from_db()
    print(f"locked: {dict(outcomes)}, taken {_taken(slot)} of {CAPACITY}")
    assert not crashes(outcomes), outcomes
    assert outcomes["held"] + outcomes["booked"] == CAPACITY, outcomes
    assert outcomes["held"] and outcomes["booked"], "both doors must have won places"
    assert _taken(slot) == slot.booked == CAPACITY


def test_control_without_the_lock_the_same_race_oversells(monkeypatch):
    """With the row lock replaced by a plain read that every client makes before any writes
    (a barrier inside the 'lock'), holds and bookings together take more than there is."""
    inside = threading.Barrier(CLIENTS, timeout=15)

    def unlocked(slot_ids):
        slots = {
            s.pk: s
            for s in Slot.objects.select_related("tour", "tour__company").filter(pk__in=slot_ids)
        }
        with contextlib.suppress(threading.BrokenBarrierError):
            inside.wait()
        return slots

    monkeypatch.setattr(capacity, "lock_slots", unlocked)
    slot = SlotFactory(capacity=CAPACITY)
    issued = keys.reseller_create(name="Racing portal")

    outcomes = _fire(slot, issued.key)

    print(f"unlocked: {dict(outcomes)}, taken {_taken(slot)} of {CAPACITY}")
    assert not crashes(outcomes), outcomes
    assert _taken(slot) > CAPACITY, outcomes
