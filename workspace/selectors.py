"""Reads of many rows for the workspace, each in a bounded number of queries and always
scoped through workspace.access."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from booking import capacity, holds
from booking.models import Booking, WaitlistEntry, normalize_reference
from events.models import Stop
from tours.models import Company, Slot, Tour
from workspace import access

DASHBOARD_DAYS = 7
NEW_BOOKINGS_LIMIT = 25


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants a local calendar day starts and ends (23 or 25 hours on clock changes)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(day, time.min, tzinfo=tz),
        datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz),
    )


def _reserved_places() -> Coalesce:
    """Places resellers hold on the slot until they confirm (included in `booked`:
    docs/octo.md), as a subquery: a join of bookings beside one of waiting-list entries would
    multiply the sums."""
    reserved = (
        Booking.objects.filter(slot=OuterRef("pk"), status=Booking.Status.ON_HOLD)
        .values("slot")
        .annotate(places=Sum("party_size"))
        .values("places")
    )
    return Coalesce(Subquery(reserved), 0)


def with_reserved_places(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    """Annotates each slot with `reserved` (see _reserved_places), in the same query."""
    return slots.annotate(reserved=_reserved_places())


def with_waitlist_counts(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    """Annotates each slot with `waiting` (entries waiting), `held` (places held by open
    offers, which `booked` includes: docs/waitlist.md) and `reserved` (with_reserved_places),
    in the same query."""
    return slots.annotate(
        reserved=_reserved_places(),
        waiting=Count(
            "waitlist_entries", filter=Q(waitlist_entries__status=WaitlistEntry.Status.WAITING)
        ),
        held=Coalesce(
            Sum(
                "waitlist_entries__party_size",
                filter=Q(waitlist_entries__status=WaitlistEntry.Status.OFFERED),
            ),
            0,
        ),
    )


def dashboard_slots(*, user, first_day: date, days: int = DASHBOARD_DAYS) -> list[Slot]:
    """The user's slots from `first_day` for `days` days, cancelled ones included, with their
    waiting-list counts (one query)."""
    start, _ = day_bounds(first_day)
    _, end = day_bounds(first_day + timedelta(days=days - 1))
    slots = access.slots_for(user).filter(start__gte=start, start__lt=end)
    return list(with_waitlist_counts(slots).order_by("start", "pk"))


def slot_waitlist(*, slot: Slot) -> list[WaitlistEntry]:
    """The slot's active waiting-list entries (waiting or holding an offer), in order of
    joining (one query)."""
    return list(
        slot.waitlist_entries.filter(
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
        ).order_by("created", "pk")
    )


def move_targets(*, booking: Booking, now: datetime | None = None) -> list[Slot]:
    """The other departures of the booking's tour that it could move to: not cancelled, not
    started (one query). The booking service decides for real."""
    now = now or timezone.now()
    return list(
        Slot.objects.filter(tour_id=booking.slot.tour_id, start__gt=now)
        .exclude(pk=booking.slot_id)
        .exclude(status=Slot.Status.CANCELLED)
        .select_related("tour")
        .order_by("start", "pk")[:200]
    )


def new_bookings(*, user, since: datetime | None) -> tuple[int, list[Booking]]:
    """Bookings made after `since` (all, if None is given, within a week): count and newest."""
    since = since or timezone.now() - timedelta(days=7)
    bookings = access.bookings_for(user).filter(created__gt=since).order_by("-created")
    return bookings.count(), list(bookings[:NEW_BOOKINGS_LIMIT])


def workspace_tours(*, user, now: datetime | None = None) -> QuerySet[Tour]:
    """The user's tours with the count of future departures and the next one (one query)."""
    now = now or timezone.now()
    future = Q(slots__start__gt=now) & ~Q(slots__status=Slot.Status.CANCELLED)
    return (
        access.tours_for(user)
        .annotate(
            upcoming=Count("slots", filter=future), next_start=Min("slots__start", filter=future)
        )
        .order_by("company__name", "title")
    )


def tour_slots(*, tour: Tour, start: datetime, end: datetime) -> list[Slot]:
    """The tour's slots in [start, end), every status, with waiting-list counts (one query)."""
    slots = Slot.objects.filter(tour=tour, start__gte=start, start__lt=end)
    return list(
        with_waitlist_counts(slots).select_related("tour", "tour__company").order_by("start", "pk")
    )


def slot_visitors(*, slot: Slot) -> list[Booking]:
    """The slot's confirmed bookings, for the visitor list (one query)."""
    return list(
        slot.bookings.filter(status=Booking.Status.CONFIRMED)
        .select_related("slot", "slot__tour", "slot__tour__company")
        .order_by("created", "pk")
    )


def day_visitors(*, user, day: date, company: Company | None = None) -> list[Booking]:
    """Confirmed bookings on the user's slots starting on the local `day` (one query)."""
    start, end = day_bounds(day)
    bookings = access.bookings_for(user).filter(
        status=Booking.Status.CONFIRMED, slot__start__gte=start, slot__start__lt=end
    )
    if company is not None:
        bookings = bookings.filter(slot__tour__company=company)
    return list(bookings.order_by("slot__start", "slot__tour__title", "created", "pk"))


def slot_event_stop(*, slot: Slot) -> Stop | None:
    """The event stop that holds the slot closed (booking.holds), with its event; None when
    nothing or something else holds it. Two queries at most."""
    holder = holds.slot_holders([slot.pk]).get(slot.pk, "")
    label, _sep, pk = holder.partition(":")
    if label != "events.stop" or not pk.isdigit():
        return None
    return Stop.objects.select_related("event").filter(pk=int(pk)).first()


@dataclass
class Departure:
    """One departure on the arrivals board, with its bookings and their counts."""

    slot: Slot
    bookings: list[Booking]
    expected: int
    arrived: int
    no_shows: int

    @property
    def missing(self) -> int:
        return self.expected - self.arrived


def arrivals_board(*, user, day: date, query: str = "") -> list[Departure]:
    """The day's departures of the user's own companies (membership, as check-in: see
    access.bookings_to_check_in) with their confirmed bookings in arrival order of booking,
    optionally only those whose name, organisation or reference matches `query`. The counts
    are of the whole departure, whatever the query. One query."""
    start, end = day_bounds(day)
    bookings = (
        access.bookings_to_check_in(user)
        .filter(status=Booking.Status.CONFIRMED, slot__start__gte=start, slot__start__lt=end)
        .order_by("slot__start", "slot__tour__title", "slot_id", "name", "pk")
    )
    departures: dict[int, Departure] = {}
    for booking in bookings:
        departure = departures.get(booking.slot_id)
        if departure is None:
            departure = departures[booking.slot_id] = Departure(booking.slot, [], 0, 0, 0)
        departure.expected += booking.party_size
        departure.arrived += booking.arrived or 0
        departure.no_shows += booking.party_size if booking.no_show_at else 0
        if _matches(booking, query):
            departure.bookings.append(booking)
    return list(departures.values())


def _matches(booking: Booking, query: str) -> bool:
    words = query.casefold().split()
    if not words:
        return True
    reference = normalize_reference(query)
    if len(reference) >= 3 and reference in booking.reference:
        return True
    haystack = f"{booking.name} {booking.organisation}".casefold()
    return all(word in haystack for word in words)


PHONE_NEXT_LIMIT = 5


def phone_booking_slots(
    *, tour: Tour, day: date, now: datetime | None = None
) -> tuple[list[Slot], list[Slot]]:
    """For the phone-booking page: the tour's departures on `day` that have not started
    (full and closed ones included, so staff can tell the caller), and, when none of them has
    places, the next departures after that day that do (at most PHONE_NEXT_LIMIT). Each slot
    carries `places`, what staff may book now (booking.capacity, with the phone's rule: the
    online cut-off does not bind them). Two queries at most."""
    now = now or timezone.now()
    start, end = day_bounds(day)
    base = (
        Slot.objects.filter(tour=tour, start__gt=now)
        .exclude(status=Slot.Status.CANCELLED)
        .select_related("tour", "tour__company")
        .order_by("start", "pk")
    )

    def with_places(slots) -> list[Slot]:
        for slot in slots:
            slot.places = capacity.places_bookable(slot, now=now, source=Booking.Source.PHONE)
        return list(slots)

    on_day = with_places(base.filter(start__gte=start, start__lt=end)[:50])
    later: list[Slot] = []
    if not any(slot.places for slot in on_day):
        candidates = base.filter(start__gte=end, status=Slot.Status.SCHEDULED)
        open_places = candidates.filter(booked__lt=F("capacity"))
        later = [s for s in with_places(open_places[: PHONE_NEXT_LIMIT * 4]) if s.places]
        later = later[:PHONE_NEXT_LIMIT]
    return on_day, later
