"""Reads for the calendar feeds, each a fixed number of queries however many slots."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from booking.models import Booking
from core.ical import feed_window
from tours.models import Company, Slot, Tour

# A feed is a bounded document: a year ahead of even a busy cluster fits well within this.
FEED_MAX_EVENTS = 3000


def _public_slots(*, now: datetime) -> QuerySet[Slot]:
    start, end = feed_window(now)
    return (
        Slot.objects.filter(tour__published=True, start__gte=start, start__lt=end)
        .exclude(status=Slot.Status.CANCELLED)
        .select_related("tour", "tour__company")
        .order_by("start", "pk")
    )


def feed_slots_cluster(*, now: datetime) -> list[Slot]:
    """Every member's published, not cancelled slots in the feed window (one query)."""
    return list(_public_slots(now=now)[:FEED_MAX_EVENTS])


def feed_slots_company(*, company: Company, now: datetime) -> list[Slot]:
    return list(_public_slots(now=now).filter(tour__company=company)[:FEED_MAX_EVENTS])


def feed_slots_tour(*, tour: Tour, now: datetime) -> list[Slot]:
    return list(_public_slots(now=now).filter(tour=tour)[:FEED_MAX_EVENTS])


def feed_slots_staff(*, company: Company, now: datetime) -> list[Slot]:
    """The company's slots in the window that have confirmed bookings, each with
    `active_bookings` (two queries). Unpublished tours count: staff still host them."""
    start, end = feed_window(now)
    active = Booking.objects.filter(status=Booking.Status.CONFIRMED).order_by("created", "pk")
    return list(
        Slot.objects.filter(
            tour__company=company,
            start__gte=start,
            start__lt=end,
            bookings__status=Booking.Status.CONFIRMED,
        )
        .distinct()
        .select_related("tour", "tour__company")
        .prefetch_related(Prefetch("bookings", queryset=active, to_attr="active_bookings"))
        .order_by("start", "pk")[:FEED_MAX_EVENTS]
    )


def feed_stops_staff(*, company: Company, now: datetime) -> list:
    """The event stops the company hosts or is asked to host (requested or accepted, not
    declined, removed or cancelled) in the feed window, with their events (one query)."""
    from events.models import Stop  # events builds on tours
    from events.selectors import stops_for_company

    start, end = feed_window(now)
    return list(
        stops_for_company(company, include_past=True).filter(
            start__gte=start,
            start__lt=end,
            host_state__in=[Stop.HostState.REQUESTED, Stop.HostState.ACCEPTED],
        )[:FEED_MAX_EVENTS]
    )
