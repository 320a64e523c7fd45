"""A freed place is promised once, whoever races for it: on real PostgreSQL, with threads.

The control runs the same race through a naive read-check-write (no lock) and shows that the
harness does catch a place promised twice, so the locked runs passing means something."""

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from booking import services, waitlist
from booking.models import Booking, WaitlistEntry
from tests.factories import SlotFactory, book, visitor
from tests.race import crashes, race
from tours.models import Slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


def _promises(slot: Slot, walk_in_emails: set[str]) -> int:
    offers = WaitlistEntry.objects.filter(slot=slot, status="offered").count()
    walk_ins = Booking.objects.filter(
        slot=slot, status="confirmed", email__in=walk_in_emails
    ).count()
    return offers + walk_ins


def _walk_in(slot_id: int, n: int) -> Callable[[], None]:
    return lambda: services.booking_create(
        slot_id=slot_id, visitor=visitor(email=f"walkin{n}@example.com"), party_size=1
    )


def _setup_round():
    slot = SlotFactory(capacity=1)
    first = book(slot, party_size=1, email="first@example.com")
    for name in ("a", "b"):
        waitlist.waitlist_join(
            slot_id=slot.pk, visitor=visitor(email=f"{name}@example.com"), party_size=1
        )
    return slot, first


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_place_freed_by_more_capacity_is_promised_once(round_):
    slot, _ = _setup_round()
    Slot.objects.filter(pk=slot.pk).update(capacity=2)  # one place freed, nobody served yet
    jobs = [_walk_in(slot.pk, n) for n in range(3)]
    jobs += [lambda: waitlist.waitlist_offer_next(slot_id=slot.pk) for _ in range(2)]
    assert not crashes(race(jobs))
    slot.refresh_from_db()
    assert slot.booked == 2
    assert _promises(slot, {f"walkin{n}@example.com" for n in range(3)}) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_cancelled_place_goes_to_the_first_in_line_not_a_walk_in(round_):
    slot, first = _setup_round()
    jobs = [lambda: services.booking_cancel(booking=first)]
    jobs += [_walk_in(slot.pk, n) for n in range(3)]
    jobs += [lambda: waitlist.waitlist_offer_next(slot_id=slot.pk)]
    assert not crashes(race(jobs))
    slot.refresh_from_db()
    statuses = list(WaitlistEntry.objects.filter(slot=slot).values_list("status", flat=True))
    assert slot.booked == 1
    assert statuses == ["offered", "waiting"]
    assert not Booking.objects.filter(email__startswith="walkin").exists()


def _naive_offer(slot_id: int, barrier: threading.Barrier) -> None:
    """What the service would be without the lock: read, wait for the rival, write."""
    with transaction.atomic():
        slot = Slot.objects.get(pk=slot_id)
        entry = WaitlistEntry.objects.filter(slot_id=slot_id, status="waiting").first()
        barrier.wait()
        if entry and slot.capacity - slot.booked >= entry.party_size:
            Slot.objects.filter(pk=slot_id).update(booked=slot.booked + entry.party_size)
            WaitlistEntry.objects.filter(pk=entry.pk).update(
                status="offered", offered_until=timezone.now() + timedelta(hours=1)
            )


def _naive_book(slot_id: int, barrier: threading.Barrier) -> None:
    with transaction.atomic():
        slot = Slot.objects.get(pk=slot_id)
        barrier.wait()
        if slot.capacity - slot.booked >= 1:
            Slot.objects.filter(pk=slot_id).update(booked=slot.booked + 1)
            Booking.objects.create(slot_id=slot_id, party_size=1, name="W", email="walkin0@x.dk")


def test_control_without_the_lock_the_place_is_promised_twice():
    slot, _ = _setup_round()
    Slot.objects.filter(pk=slot.pk).update(capacity=2)
    inner = threading.Barrier(2)
    jobs = [lambda: _naive_offer(slot.pk, inner), lambda: _naive_book(slot.pk, inner)]
    assert not crashes(race(jobs))
    assert _promises(slot, {"walkin0@x.dk"}) == 2


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_visitors_moving_into_one_free_place_only_one_gets_it(round_):
    target = SlotFactory(capacity=2)
    book(target, party_size=1, email="there@example.com")
    movers = []
    for n in range(2):
        home = SlotFactory(tour=target.tour, start=target.start + timedelta(days=n + 1))
        movers.append(book(home, party_size=1, email=f"mover{n}@example.com"))
    jobs = [
        lambda b=b: services.booking_change(booking=b, slot_id=target.pk, by_visitor=True)
        for b in movers
    ]
    assert not crashes(race(jobs))
    target.refresh_from_db()
    moved = Booking.objects.filter(slot=target, email__startswith="mover").count()
    assert (target.booked, moved) == (2, 1)
    loser = next(b for b in Booking.objects.filter(email__startswith="mover") if b.slot != target)
    assert (loser.slot.booked, loser.sequence) == (1, 0)  # kept its place, unchanged


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_crossing_moves_do_not_deadlock(round_):
    """X moves to Y's slot while Y moves to X's: both lock both slots, in pk order."""
    one = SlotFactory(capacity=2)
    two = SlotFactory(tour=one.tour, capacity=2, start=one.start + timedelta(days=1))
    x = book(one, party_size=1, email="x@example.com")
    y = book(two, party_size=1, email="y@example.com")
    jobs = [
        lambda: services.booking_change(booking=x, slot_id=two.pk),
        lambda: services.booking_change(booking=y, slot_id=one.pk),
    ]
    assert not crashes(race(jobs))
    x.refresh_from_db()
    y.refresh_from_db()
    one.refresh_from_db()
    two.refresh_from_db()
    assert (x.slot_id, y.slot_id, one.booked, two.booked) == (two.pk, one.pk, 1, 1)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_accepting_while_the_offer_expires_has_one_outcome(round_):
    """The visitor clicks at the last second while the expiry task runs: either the booking
    stands, or the places passed to the next in line, never both and never neither."""
    slot, first = _setup_round()
    services.booking_cancel(booking=first)
    a, b = WaitlistEntry.objects.filter(slot=slot).order_by("created")
    deadline = a.offered_until
    jobs = [
        lambda: waitlist.waitlist_accept(entry=a, now=deadline - timedelta(seconds=1)),
        lambda: waitlist.waitlist_expire(entry_id=a.pk, now=deadline),
    ]
    assert not crashes(race(jobs))
    a.refresh_from_db()
    b.refresh_from_db()
    slot.refresh_from_db()
    assert (a.status, b.status) in {("accepted", "waiting"), ("expired", "offered")}
    assert slot.booked == 1
