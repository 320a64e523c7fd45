"""Day plans racing single bookings for the last places, on PostgreSQL with one connection
per thread and real commits: no departure is ever overbooked and no plan is ever booked in
part. The control books a plan's visits one transaction at a time, and the same harness
finds the partial plans that allows."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from booking import capacity, errors, plans, services
from booking.models import Booking
from tests.booking.test_concurrency import _contended
from tests.factories import CompanyFactory, SlotFactory, TourFactory, visitor
from tours.models import Slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PLANS = 8
SINGLES_FIRST = 2  # single bookings on the plans' first visit
SINGLES_SECOND = 6  # and on the second, whose last places are the prize
FIRST_PLACES = 6
SECOND_PLACES = 3


def _two_farms() -> tuple[Slot, Slot]:
    first = SlotFactory(tour=TourFactory(company=CompanyFactory()), capacity=FIRST_PLACES)
    second = SlotFactory(
        tour=TourFactory(company=CompanyFactory()),
        start=first.end + (first.end - first.start),
        capacity=SECOND_PLACES,
    )
    return first, second


def _race(first: Slot, second: Slot) -> Counter:
    """Every plan (both visits, one place) and every single booking starts at once."""
    clients = [("plan", n) for n in range(PLANS)]
    clients += [("single-first", n) for n in range(SINGLES_FIRST)]
    clients += [("single-second", n) for n in range(SINGLES_SECOND)]
    outcomes: Counter = Counter()
    guard = threading.Lock()
    barrier = threading.Barrier(len(clients))

    def client(kind: str, n: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            if kind == "plan":
                plans.bookings_create_together(
                    slot_ids=[first.pk, second.pk],
                    visitor=visitor(name=f"Plan {n}", email=f"plan{n}@example.com"),
                    party_size=1,
                )
            else:
                slot = first if kind == "single-first" else second
                services.booking_create(
                    slot_id=slot.pk,
                    visitor=visitor(name=f"Single {n}", email=f"{kind}{n}@example.com"),
                    party_size=1,
                )
            outcome = f"{kind}: ok"
        except errors.PlanVisitRefused as error:
            outcome = f"{kind}: {error.cause.code}"
        except errors.BookingError as error:
            outcome = f"{kind}: {error.code}"
        except Exception as error:  # counted, and the test fails on it
            outcome = f"crash: {type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with guard:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=client, args=c) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _partial_plans(first: Slot, second: Slot) -> list[str]:
    """The plan visitors who hold one of the two visits but not the other."""
    held: dict[str, set[int]] = {}
    for email, slot_id in Booking.objects.filter(email__startswith="plan").values_list(
        "email", "slot_id"
    ):
        held.setdefault(email, set()).add(slot_id)
    return sorted(email for email, slots in held.items() if slots != {first.pk, second.pk})


def _sold(slot: Slot) -> int:
    return Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).count()


def test_plans_racing_single_bookings_never_overbook_and_never_book_in_part(monkeypatch):
    wrapper, state = _contended(capacity.lock_slots, hold=0.005)
    monkeypatch.setattr(capacity, "lock_slots", wrapper)
    first, second = _two_farms()

    outcomes = _race(first, second)

    first.refresh_from_db()
    second.refresh_from_db()
    print(
        f"plans racing singles: {dict(outcomes)}, sold {_sold(first)}/{FIRST_PLACES} and "
        f"{_sold(second)}/{SECOND_PLACES}, at most {state['max_waiting']} waiting for a lock"
    )
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    assert state["max_waiting"] >= 4, "the clients did not contend; the test proved nothing"
    assert _partial_plans(first, second) == []
    assert _sold(second) == SECOND_PLACES == second.booked
    assert _sold(first) == first.booked <= FIRST_PLACES
    booked_plans = outcomes["plan: ok"]
    assert Booking.objects.filter(email__startswith="plan").count() == 2 * booked_plans
    assert booked_plans + outcomes["single-second: ok"] == SECOND_PLACES
    assert sum(n for outcome, n in outcomes.items() if outcome.startswith("plan: ")) == PLANS


def test_control_a_plan_booked_visit_by_visit_is_caught_booking_in_part(monkeypatch):
    """Proves the harness can fail: with each visit of a plan in its own transaction (the
    rule broken), plans that got the first visit and then lost the second keep the first.
    The plans wait for each other between their visits, so the first departure's places go
    before any second visit is tried and the outcome is certain, not likely."""
    between = threading.Barrier(PLANS, timeout=20)

    def visit_by_visit(*, slot_ids, visitor, party_size, keys, fingerprint, now):
        made = []
        for n, slot_id in enumerate(slot_ids):
            if n == 1:
                between.wait()
            try:
                made.append(
                    services.booking_create(
                        slot_id=slot_id, visitor=visitor, party_size=party_size, now=now
                    )
                )
            except errors.BookingError as error:
                slot = Slot.objects.select_related("tour__company").get(pk=slot_id)
                if n == 0:
                    between.wait()  # still meet the others, then give up
                raise errors.PlanVisitRefused(
                    visit=plans.visit_name(slot), slot_id=slot_id, cause=error
                ) from error
        return made

    monkeypatch.setattr(plans, "_insert_all", visit_by_visit)
    first, second = _two_farms()

    outcomes = _race(first, second)

    partial = _partial_plans(first, second)
    print(f"visit by visit: {dict(outcomes)}, {len(partial)} plans booked in part")
    assert not [o for o in outcomes if o.startswith("crash")], outcomes
    assert partial, outcomes
