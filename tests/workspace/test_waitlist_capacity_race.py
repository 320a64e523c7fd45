"""More capacity goes to the waiting list before any walk-in: slot_set_capacity serves the
list under the slot lock it already holds. PostgreSQL, real threads, each with its own
connection; the control shows the harness catching a walk-in that jumps the queue when the
list is served only after the capacity change commits (as a plain save plus
waitlist_offer_next would)."""

import threading
import time

import pytest
from django.db import connection, transaction

from booking import errors, slot_services, waitlist
from booking.models import Booking, WaitlistEntry
from tests import factories
from tours.models import Slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PAUSE = 0.4


def _thread(target, results: list) -> threading.Thread:
    def run() -> None:
        try:
            results.append(("ok", target()))
        except errors.BookingError as error:
            results.append(("refused", error.code))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def waiting():
    slot = factories.SlotFactory(capacity=4)
    factories.book(slot, party_size=4, email="first@example.com")
    entry = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=factories.visitor(email="w@example.com"), party_size=2
    )
    return slot, entry


def _race(raise_capacity, slot) -> list:
    """Raises the capacity in one thread; a walk-in books 2 places while it is in progress."""
    results: list = []
    raising = _thread(raise_capacity, results)
    time.sleep(PAUSE / 2)
    walk_in = _thread(
        lambda: factories.book(slot, party_size=2, email="walkin@example.com"), results
    )
    raising.join(10)
    walk_in.join(10)
    return results


def test_more_capacity_goes_to_the_waiting_list_first(waiting, monkeypatch):
    slot, entry = waiting
    serve = waitlist.waitlist_serve_locked

    def slow_serve(**kwargs):
        time.sleep(PAUSE)  # the walk-in arrives while the capacity change holds the lock
        return serve(**kwargs)

    monkeypatch.setattr(waitlist, "waitlist_serve_locked", slow_serve)
    results = _race(lambda: slot_services.slot_set_capacity(slot_id=slot.pk, capacity=6), slot)
    assert ("refused", "slot_full") in results
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.OFFERED
    assert not Booking.objects.filter(email="walkin@example.com").exists()
    fresh = Slot.objects.get(pk=slot.pk)
    assert (fresh.capacity, fresh.booked) == (6, 6)


def test_control_serving_after_commit_lets_a_walk_in_jump_the_queue(waiting):
    slot, entry = waiting

    def raise_then_serve():
        with transaction.atomic():
            Slot.objects.filter(pk=slot.pk).update(capacity=6)
        time.sleep(PAUSE)  # the gap between the commit and the serving
        return waitlist.waitlist_offer_next(slot_id=slot.pk)

    results = _race(raise_then_serve, slot)
    assert ("ok", []) in results  # nothing left to offer
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.WAITING
    assert Booking.objects.filter(email="walkin@example.com").exists()
