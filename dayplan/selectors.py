"""The plan as the visitor sees it: its departures in time order, the travel from each to
the next (events.travel: haversine times the road factor, at the average speed), what a
party of N pays, and what would go wrong. Two queries however many visits: the slots with
their tours and companies, and the bookings of a just-booked plan."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from booking import capacity
from booking.models import Booking
from events import travel
from tours import pricing
from tours.models import Slot


@dataclass
class Stop:
    """One visit of the plan, and the way to it from the one before."""

    slot: Slot
    state: str  # capacity.SlotState
    places: int  # places a visitor could book now
    total: Decimal  # what the party pays for it
    leg: travel.Leg | None = None  # from the previous stop; None for the first

    @property
    def company(self):
        return self.slot.tour.company

    @property
    def tour(self):
        return self.slot.tour

    @property
    def start(self) -> datetime:
        return self.slot.start

    @property
    def end(self) -> datetime:
        return self.slot.end

    @property
    def bookable(self) -> bool:
        return self.state == capacity.SlotState.BOOKABLE

    @property
    def overlaps(self) -> bool:
        """It starts before the previous visit ends."""
        return self.leg is not None and self.leg.gap < timedelta(0)

    @property
    def late(self) -> bool:
        """The drive from the previous visit takes longer than the time between them."""
        return self.leg is not None and not self.overlaps and self.leg.too_short

    @property
    def late_minutes(self) -> int:
        return self.leg.duration_minutes - self.leg.gap_minutes if self.leg else 0


@dataclass
class Plan:
    stops: list[Stop] = field(default_factory=list)
    party_size: int = 2

    @property
    def days(self) -> list[date]:
        return sorted({timezone.localdate(stop.start) for stop in self.stops})

    @property
    def day(self) -> date | None:
        days = self.days
        return days[0] if days else None

    @property
    def several_days(self) -> bool:
        return len(self.days) > 1

    @property
    def total(self) -> Decimal:
        return sum((stop.total for stop in self.stops), Decimal(0))

    @property
    def all_bookable(self) -> bool:
        return all(stop.bookable for stop in self.stops)

    @property
    def has_warnings(self) -> bool:
        return self.several_days or any(s.late or s.overlaps or not s.bookable for s in self.stops)

    @property
    def slot_ids(self) -> list[int]:
        return [stop.slot.pk for stop in self.stops]


def plan_slots(slot_ids: list[int]) -> list[Slot]:
    """The published departures of these ids, with tour and company, in time order (one
    query). Ids of departures gone or unpublished are left out."""
    if not slot_ids:
        return []
    return list(
        Slot.objects.filter(pk__in=slot_ids, tour__published=True)
        .select_related("tour", "tour__company")
        .order_by("start", "pk")
    )


def plan_read(slot_ids: list[int], *, party_size: int, now: datetime | None = None) -> Plan:
    """The plan of these departures for a party of `party_size`: each stop's state from the
    one bookable rule (booking.capacity), its total from tours.pricing, the leg from the
    stop before."""
    now = now or timezone.now()
    stops = []
    previous = None
    for slot in plan_slots(slot_ids):
        state = capacity.slot_state(slot, now=now)
        stop = Stop(
            slot=slot,
            state=state,
            places=capacity.places_bookable(slot, now=now),
            total=pricing.booking_total(slot.tour, party_size),
        )
        if previous is not None:
            stop.leg = travel.leg_between(previous, stop)
        stops.append(stop)
        previous = stop
    return Plan(stops=stops, party_size=party_size)


def booked_bookings(booking_ids: list[int]) -> list[Booking]:
    """The bookings a plan just made, in time order, with slot, tour and company (one query)."""
    if not booking_ids:
        return []
    return list(
        Booking.objects.filter(pk__in=booking_ids)
        .select_related("slot", "slot__tour", "slot__tour__company")
        .order_by("slot__start", "pk")
    )
