"""Reads for the calendar feeds, each a fixed number of queries however many slots."""

from datetime import datetime

from django.db.models import QuerySet

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
