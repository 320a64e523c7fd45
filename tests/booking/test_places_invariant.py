"""Whatever visitors, partners and the clock do, a slot's `booked` equals its confirmed bookings
plus its holds plus the places held by open offers, and never exceeds capacity. A random walk
through every service."""

import random
from datetime import timedelta

import pytest
from django.db.models import Sum

from booking import errors, reservations, services, waitlist
from booking.models import Booking, WaitlistEntry
from tests.factories import SlotFactory, visitor
from tours.models import Slot

pytestmark = pytest.mark.django_db


def assert_places_add_up(slots) -> None:
    for slot in Slot.objects.filter(pk__in=[s.pk for s in slots]):
        booked = Booking.objects.filter(slot=slot, status__in=["confirmed", "on_hold"]).aggregate(
            n=Sum("party_size")
        )["n"]
        held = WaitlistEntry.objects.filter(slot=slot, status="offered").aggregate(
            n=Sum("party_size")
        )["n"]
        assert slot.booked == (booked or 0) + (held or 0), slot
        assert slot.booked <= slot.capacity


def _step(rng: random.Random, slots: list[Slot], n: int) -> None:
    slot = rng.choice(slots)
    who = visitor(email=f"v{n}@example.com")
    bookings = list(Booking.objects.filter(status="confirmed"))
    entries = list(WaitlistEntry.objects.filter(status__in=["waiting", "offered"]))
    offered = [e for e in entries if e.status == "offered"]
    holds = list(Booking.objects.filter(status="on_hold"))
    # Weighted so that slots fill, lists form and offers are answered both ways.
    action = rng.choices(
        # The last four are partners' holds (booking.reservations).
        [
            *("book", "join", "cancel", "resize", "move", "leave", "accept", "expire"),
            *("hold", "confirm", "release", "lapse"),
        ],
        weights=[3, 4, 2, 2, 1, 1, 3, 2, 3, 2, 1, 1],
    )[0]
    if action == "book":
        services.booking_create(slot_id=slot.pk, visitor=who, party_size=rng.randint(1, 4))
    elif action == "join":
        waitlist.waitlist_join(slot_id=slot.pk, visitor=who, party_size=rng.randint(1, 4))
    elif action == "cancel" and bookings:
        services.booking_cancel(booking=rng.choice(bookings))
    elif action == "resize" and bookings:
        services.booking_change(booking=rng.choice(bookings), party_size=rng.randint(1, 5))
    elif action == "move" and bookings:
        services.booking_change(booking=rng.choice(bookings), slot_id=slot.pk)
    elif action == "leave" and entries:
        waitlist.waitlist_leave(entry=rng.choice(entries))
    elif action == "accept" and offered:
        waitlist.waitlist_accept(entry=rng.choice(offered))
    elif action == "expire" and offered:
        entry = rng.choice(offered)
        waitlist.waitlist_expire(entry_id=entry.pk, now=entry.offered_until)
    elif action == "hold":
        reservations.booking_reserve(slot_id=slot.pk, party_size=rng.randint(1, 3))
    elif action == "confirm" and holds:
        reservations.booking_hold_confirm(booking=rng.choice(holds), visitor=who)
    elif action == "release" and holds:
        reservations.booking_hold_cancel(booking=rng.choice(holds))
    elif action == "lapse" and holds:
        hold = rng.choice(holds)
        reservations.booking_holds_expire_due(now=hold.hold_expires_at)


@pytest.mark.parametrize("seed", range(2))
def test_random_walk_keeps_places_in_step(seed):
    rng = random.Random(seed)
    first = SlotFactory(capacity=6)
    slots = [first] + [
        SlotFactory(tour=first.tour, capacity=6, start=first.start + timedelta(days=d))
        for d in (1, 2)
    ]
    refusals = 0
    for n in range(150):
        try:
            _step(rng, slots, n)
        except errors.BookingError:
            refusals += 1
        assert_places_add_up(slots)
    # The walk must have exercised the list, not only refused: offers were made and taken.
    assert WaitlistEntry.objects.filter(status="accepted").exists()
    assert WaitlistEntry.objects.filter(status="expired").exists()
    assert Booking.objects.filter(status="expired").exists()
    assert Booking.objects.filter(channel="octo", confirmed_at__isnull=False).exists()
    assert refusals < 150
