"""Reads of many rows, in a bounded number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from events import travel
from events.models import Event, Registration, Stop


def active_stops() -> QuerySet[Stop]:
    return Stop.objects.filter(removed_at=None).select_related("company")


def programme(event: Event) -> list[Stop]:
    """The event's active stops in time order, with their companies (one query)."""
    return list(active_stops().filter(event=event).order_by("start", "pk"))


def programme_with_legs(event: Event) -> list[tuple[Stop, travel.Leg | None]]:
    """Each stop with the leg that leads to the next one (None after the last)."""
    stops = programme(event)
    if not stops:  # a new event has no programme yet
        return []
    legs = travel.legs(stops)
    return list(zip(stops, [*legs, None], strict=True))


def published_events(*, upcoming: bool = True) -> QuerySet[Event]:
    """Published events with their first and last stop times (one query, plus one for the
    stops when iterated with .stops.all())."""
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .prefetch_related(Prefetch("stops", queryset=active_stops().order_by("start", "pk")))
        .order_by("registration_deadline", "pk")
    )
    if upcoming:
        events = events.filter(stops__end__gte=timezone.now(), stops__removed_at=None).distinct()
    return events


def organiser_overview(events: QuerySet[Event]) -> QuerySet[Event]:
    """The organiser's list: each event with its stops and counts of host answers and
    waiting registrations (two queries whatever the number of events)."""
    return events.annotate(
        declined=Count(
            "stops",
            filter=Q(stops__removed_at=None, stops__host_state=Stop.HostState.DECLINED),
            distinct=True,
        ),
        waiting=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.WAITING),
            distinct=True,
        ),
    ).prefetch_related(Prefetch("stops", queryset=active_stops().order_by("start", "pk")))


def registrations_for(event: Event) -> QuerySet[Registration]:
    return event.registrations.exclude(status=Registration.Status.CANCELLED).order_by(
        "status", "created", "pk"
    )


def stops_for_company(company, *, include_past: bool = False) -> QuerySet[Stop]:
    """The event stops a company is asked to host or hosts (not removed, event not a draft
    nobody has asked about yet is still included: the host must answer it). For the company's
    workspace and its private feed; one query, events joined.

    `company` is a Company, or a queryset of companies (a workspace user's, in one query)."""
    if isinstance(company, QuerySet):
        stops = Stop.objects.filter(company__in=company)
    else:
        stops = Stop.objects.filter(company=company)
    stops = (
        stops.filter(removed_at=None)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event", "company")
        .order_by("start", "pk")
    )
    if not include_past:
        stops = stops.filter(end__gte=timezone.now())
    return stops
