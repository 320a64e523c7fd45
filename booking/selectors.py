"""Reads for the visitor's own pages, each in a bounded number of queries."""

from datetime import datetime, timedelta

from django.utils import timezone

from booking import capacity
from booking.models import Booking
from tours.models import Slot

MOVE_WINDOW = timedelta(days=120)
MOVE_LIMIT = 60


def booking_move_targets(*, booking: Booking, now: datetime | None = None) -> list[Slot]:
    """Other slots of the booking's tour that could take its whole party now, in time order
    (one query). The booking service checks again under the lock when the visitor moves."""
    now = now or timezone.now()
    tour = booking.slot.tour
    candidates = (
        Slot.objects.filter(
            tour=tour,
            status=Slot.Status.SCHEDULED,
            start__gt=now + tour.booking_cutoff,
            start__lt=now + MOVE_WINDOW,
        )
        .exclude(pk=booking.slot_id)
        .select_related("tour", "tour__company")
        .order_by("start", "pk")
    )
    fits = [
        slot
        for slot in candidates[: MOVE_LIMIT * 2]
        if capacity.places_bookable(slot, now=now) >= booking.party_size
    ]
    return fits[:MOVE_LIMIT]


def waitlist_position(entry) -> int | None:
    """The entry's place in its slot's queue (1 = next), or None once it no longer waits.
    One query."""
    from booking.models import WaitlistEntry

    if entry.status != WaitlistEntry.Status.WAITING:
        return None
    ahead = WaitlistEntry.objects.filter(
        slot_id=entry.slot_id, status=WaitlistEntry.Status.WAITING, created__lte=entry.created
    ).exclude(created=entry.created, pk__gt=entry.pk)
    return ahead.count()
