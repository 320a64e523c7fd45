"""The widget's read: the next departures of a company, a tour, or the whole cluster."""

from datetime import datetime

from django.db.models import QuerySet

from booking.capacity import available_places
from tours.models import Slot

LIMIT = 12


def next_departures(
    *, now: datetime, company_id: int | None = None, tour_id: int | None = None
) -> QuerySet[Slot]:
    """Up to LIMIT departures that can still be booked online, soonest first, with
    `available_places` annotated (the one bookable rule as SQL). One query."""
    slots = (
        Slot.objects.select_related("tour", "tour__company")
        .annotate(available_places=available_places(now))
        .filter(available_places__gt=0)
        .order_by("start", "pk")
    )
    if company_id is not None:
        slots = slots.filter(tour__company_id=company_id)
    if tour_id is not None:
        slots = slots.filter(tour_id=tour_id)
    return slots[:LIMIT]
