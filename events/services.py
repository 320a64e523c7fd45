"""Every write to events and their programmes. Registrations (participant places) are in
events.registrations.

A stop needs its host's time: it holds the company's overlapping slots closed to visitors
through booking.holds (the holder is the stop, `Stop.holder`), and never writes a slot
itself. Locking contract for the programme: `programme_save` locks, in this order and each
once, the event row, the host companies' rows (pk order), then every slot it touches through
`booking.capacity.lock_slots` (pk order), all inside `transaction.atomic(durable=True)`.
booking_create locks only slots, so no cycle can form. Availability is re-checked only
after the locks are held, and a refusal writes nothing (all or nothing).
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from booking import capacity, holds
from core.formats import format_clock
from events import errors, notifications, registrations, webhooks
from events.models import Event, Registration, Stop, new_slug_suffix
from tours.models import Company, Slot


@dataclass(frozen=True, kw_only=True)
class StopData:
    """One row of the programme as the organiser wants it. `stop_id` None means a new stop."""

    company: Company
    start: datetime
    end: datetime
    activity: str = ""  # Danish, shown where there is no English or German (docs/i18n.md)
    activity_en: str = ""
    activity_de: str = ""
    stop_id: int | None = None

    def activity_columns(self) -> dict[str, str]:
        """The stop's activity per language column, whatever language is active."""
        return {
            "activity_da": self.activity,
            "activity_en": self.activity_en,
            "activity_de": self.activity_de,
        }


@dataclass(frozen=True)
class Problem:
    """A conflict found while planning. `blocking` problems make programme_save refuse."""

    code: str
    message: str
    index: int | None = None  # the row of the programme it concerns
    blocking: bool = True


@dataclass
class _Plan:
    keep: dict[int, Stop] = field(default_factory=dict)  # unchanged stops
    moved: list[tuple[Stop, StopData]] = field(default_factory=list)
    new: list[StopData] = field(default_factory=list)
    removed: list[Stop] = field(default_factory=list)


# ---------------------------------------------------------------- events


def event_create(*, organiser, title: str, **fields) -> Event:
    """Creates a draft event owned by `organiser`, with a readable, unique slug. `title`,
    `description` and `meeting_point` are the Danish texts; `title_en`, `title_de` and so on
    the English and German ones (docs/i18n.md)."""
    slug = f"{slugify(title)[:80] or 'event'}-{new_slug_suffix()}"
    return Event.objects.create(
        organiser=organiser, slug=slug, **_text_columns({"title": title, **fields})
    )


# The event's texts: the plain name is the Danish text, `_en` and `_de` the translations.
TEXT_FIELDS = ("title", "description", "meeting_point")
EDITABLE_FIELDS = (
    *TEXT_FIELDS,
    *(f"{name}_{language}" for name in TEXT_FIELDS for language in ("en", "de")),
    "registration_deadline",
    "travel",
)


def _text_columns(fields: dict) -> dict:
    """`title` -> `title_da`: a Danish text goes to its own column whatever language is
    active (modeltranslation would write `title` to the active language's column)."""
    return {f"{name}_da" if name in TEXT_FIELDS else name: value for name, value in fields.items()}


def event_update(*, event: Event, capacity: int | None = None, **fields) -> Event:
    """Changes the event's details. A new capacity goes through the registration service,
    which locks the event and admits waiting participants when places open up."""
    if event.status == Event.Status.CANCELLED:
        raise errors.EventCancelled()
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if capacity is not None and capacity != event.capacity:
        # First, so that a refused capacity leaves the other fields unsaved too.
        locked = registrations.event_capacity_change(event_id=event.pk, capacity=capacity)
        event.capacity, event.registered = locked.capacity, locked.registered
    columns = _text_columns(fields)
    for name, value in columns.items():
        setattr(event, name, value)
    with transaction.atomic():
        # Never `registered` or `capacity`: those belong to the registration service's lock.
        event.save(update_fields=[*columns, "updated"])
        if fields:
            webhooks.event_changed(event)
    return event


def event_publish(*, event: Event) -> Event:
    """Opens the event for registration. Needs at least one stop and no declined host."""
    if event.status == Event.Status.CANCELLED:
        raise errors.EventCancelled()
    stops = list(event.stops.filter(removed_at=None))
    if not stops or any(s.host_state == Stop.HostState.DECLINED for s in stops):
        raise errors.ProgrammeNotReady()
    event.status = Event.Status.PUBLISHED
    with transaction.atomic():
        event.save(update_fields=["status", "updated"])
        webhooks.event_changed(event)
    return event


def event_cancel(*, event: Event, now: datetime | None = None) -> Event:
    """Cancels the event: every held slot reopens, every participant gets a calendar
    cancellation, every host is told. Raises EventCancelled if it already was."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        # The event lock makes a registration racing this one either commit before (and be
        # told) or see the cancelled status.
        event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise errors.EventCancelled()
        stops = list(event.stops.filter(removed_at=None).select_related("company"))
        # All the stops' slots in one pk-ordered lock, then each stop lets go of its own.
        capacity.lock_slots(pk for stop in stops for pk in holds.held_slot_ids(stop.holder))
        for stop in stops:
            holds.slot_release(holder=stop.holder, now=now)
        for stop in stops:
            stop.sequence += 1  # RFC 5546 §2.1.4: the CANCEL is a change participants see
            stop.save(update_fields=["sequence"])
            _tell_host_released(stop)
        event.status = Event.Status.CANCELLED
        event.cancelled_at = now
        event.save(update_fields=["status", "cancelled_at", "updated"])
        notifications.event_cancelled(event, stops)
        # Places are not given back one by one: nobody can register any more.
        event.registrations.exclude(status=Registration.Status.CANCELLED).update(
            status=Registration.Status.CANCELLED, cancelled_at=now
        )
        webhooks.event_changed(event)
    return event


# ---------------------------------------------------------------- programme


def _overlapping_slots(company_id: int, start: datetime, end: datetime):
    return Slot.objects.filter(tour__company_id=company_id, start__lt=end, end__gt=start).exclude(
        status=Slot.Status.CANCELLED
    )


def _shape_problems(stops: list[StopData], now: datetime) -> list[Problem]:
    """Problems of the programme itself, before any database state is looked at."""
    problems = []
    for i, stop in enumerate(stops):
        if stop.end <= stop.start:
            problems.append(Problem("stop_times_invalid", str(errors.StopTimesInvalid.message), i))
        elif stop.start <= now and stop.stop_id is None:
            problems.append(Problem("stop_in_past", _("This stop starts in the past."), i))
    ordered = sorted(range(len(stops)), key=lambda i: stops[i].start)
    for a, b in itertools.pairwise(ordered):
        if stops[b].start < stops[a].end:
            problems.append(Problem("stops_overlap", str(errors.StopsOverlap.message), b))
    return problems


def _own_holders(event: Event) -> set[str]:
    """The holders of this event's stops: their holds are being replaced, not in the way."""
    return {stop.holder for stop in event.stops.only("pk")}


def _host_problems(
    index: int, stop: StopData, slots: Iterable[Slot], held_by: dict[int, str], own: set[str]
) -> list[Problem]:
    """Conflicts with the company's calendar. `held_by` maps slot id to its holder
    (booking.holds); `own` are the holders of this event's stops."""
    problems = []
    for slot in slots:
        if slot.booked > 0:
            problems.append(
                Problem(
                    "stop_over_bookings",
                    _("%(company)s has visitors booked at %(time)s (%(tour)s).")
                    % {
                        "company": stop.company.name,
                        "time": format_clock(stop.start),
                        "tour": slot.tour.title,
                    },
                    index,
                )
            )
        elif slot.pk in held_by and held_by[slot.pk] not in own:
            problems.append(
                Problem("stop_over_other_event", str(errors.StopOverOtherEvent.message), index)
            )
        elif slot.status == Slot.Status.CLOSED and slot.pk not in held_by:
            problems.append(
                Problem(
                    "company_closed",
                    _("%(company)s has closed its %(tour)s departure at that time.")
                    % {"company": stop.company.name, "tour": slot.tour.title},
                    index,
                    blocking=False,
                )
            )
    return problems


def _other_event_stops(event: Event, stop: StopData) -> bool:
    """Whether another live event has an undeclined stop at the same company and time."""
    return (
        Stop.objects.filter(
            company=stop.company, removed_at=None, start__lt=stop.end, end__gt=stop.start
        )
        .exclude(event=event)
        .exclude(event__status=Event.Status.CANCELLED)
        .exclude(host_state=Stop.HostState.DECLINED)
        .exists()
    )


def programme_check(
    *, event: Event, stops: list[StopData], now: datetime | None = None
) -> list[Problem]:
    """The planning aid: every conflict the programme would meet, without writing anything.
    Returns a list of Problem; blocking ones are what programme_save would refuse."""
    now = now or timezone.now()
    problems = _shape_problems(stops, now)
    own = _own_holders(event)
    for i, stop in enumerate(stops):
        if stop.end <= stop.start:
            continue
        slots = list(
            _overlapping_slots(stop.company.pk, stop.start, stop.end).select_related("tour")
        )
        held_by = holds.slot_holders(s.pk for s in slots)
        problems += _host_problems(i, stop, slots, held_by, own)
        if _other_event_stops(event, stop) and not any(
            p.index == i and p.code == "stop_over_other_event" for p in problems
        ):
            problems.append(
                Problem("stop_over_other_event", str(errors.StopOverOtherEvent.message), i)
            )
    return problems


def _plan(event: Event, stops: list[StopData]) -> _Plan:
    current = {s.pk: s for s in event.stops.filter(removed_at=None)}
    plan = _Plan()
    for data in stops:
        stop = current.pop(data.stop_id, None) if data.stop_id else None
        if data.stop_id and stop is None:
            raise errors.StopNotFound()
        if stop is None:
            plan.new.append(data)
        elif (stop.company_id, stop.start, stop.end) != (data.company.pk, data.start, data.end):
            plan.moved.append((stop, data))
        else:
            plan.keep[stop.pk] = stop
            columns = data.activity_columns()
            if any(getattr(stop, name) != value for name, value in columns.items()):
                for name, value in columns.items():
                    setattr(stop, name, value)
                stop.save(update_fields=list(columns))
    plan.removed = list(current.values())
    return plan


def programme_save(
    *, event: Event, stops: list[StopData], now: datetime | None = None
) -> list[Stop]:
    """Makes the event's programme equal to `stops`, all or nothing.

    New and moved stops reserve their company's overlapping slots (closing them to visitors)
    and ask the host; removed and moved stops release exactly the slots they closed.
    Raises an EventError with nothing written if any stop would fall on booked places,
    on another event's stop, or on another stop of this programme.
    The caller holds no lock and is not inside a transaction.
    """
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        raise errors.EventCancelled()
    shape = [p for p in _shape_problems(stops, now) if p.blocking]
    if shape:
        raise _error_for(shape[0])
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise errors.EventCancelled()
        plan = _plan(event, stops)
        targets = plan.new + [data for _, data in plan.moved]
        freed = plan.removed + [stop for stop, _ in plan.moved]
        # Two organisers placing stops at one company serialise here, also where the
        # company has no slots at that time to lock.
        list(
            Company.objects.select_for_update()
            .filter(pk__in={d.company.pk for d in targets})
            .order_by("pk")
        )
        candidates = [
            list(_overlapping_slots(d.company.pk, d.start, d.end).values_list("pk", flat=True))
            for d in targets
        ]
        # Every slot involved, the ones to release and the ones to check, is locked in one
        # pk-ordered statement: two programmes moving stops in opposite directions between two
        # companies must not lock each other's slots in opposite orders.
        old = [pk for stop in freed for pk in holds.held_slot_ids(stop.holder)]
        locked = capacity.lock_slots([pk for pks in candidates for pk in pks] + old)
        released: set[int] = set()
        for stop in freed:
            # Not served yet: the same slots may be held again by the new programme.
            reopened = holds.slot_release(holder=stop.holder, now=now, serve_waitlist=False)
            released |= {slot.pk for slot in reopened}
        for pk in released & set(locked):
            locked[pk].status = Slot.Status.SCHEDULED
        to_close = _reserve_all(event, targets, candidates, locked)
        result = _apply(event, plan, to_close)
        # Slots the old programme held and the new one does not: their waiting lists first.
        holds.waitlists_serve(slot_ids=released - set(holds.slot_holders(released)), now=now)
        webhooks.event_changed(event)
    return result


def _reserve_all(event: Event, targets: list[StopData], candidates, locked) -> list[list[Slot]]:
    """Checks every target against the locked slots. Raises on the first blocking problem,
    which rolls back the whole save; else returns, per target, the slots to close."""
    own = _own_holders(event)
    held_by = holds.slot_holders(locked)
    to_close = []
    for i, data in enumerate(targets):
        # Re-checked under the lock: a slot may have moved since it was found.
        slots = [
            locked[pk]
            for pk in candidates[i]
            if pk in locked
            and locked[pk].start < data.end
            and locked[pk].end > data.start
            and locked[pk].status != Slot.Status.CANCELLED
        ]
        problems = [p for p in _host_problems(i, data, slots, held_by, own) if p.blocking]
        if problems:
            raise _error_for(problems[0])
        if _other_event_stops(event, data):
            raise errors.StopOverOtherEvent()
        to_close.append([s for s in slots if s.status == Slot.Status.SCHEDULED])
    return to_close


def _apply(event: Event, plan: _Plan, to_close: list[list[Slot]]) -> list[Stop]:
    now = timezone.now()
    for stop in plan.removed:
        stop.removed_at = now
        stop.sequence += 1
        stop.save(update_fields=["removed_at", "sequence"])
        _tell_host_released(stop)
    saved = list(plan.keep.values())
    added = []
    closing = iter(to_close)
    for data in plan.new:
        stop = Stop.objects.create(
            event=event,
            company=data.company,
            start=data.start,
            end=data.end,
            **data.activity_columns(),
        )
        _hold(stop, next(closing))
        notifications.host_requested(stop)
        added.append(stop)
    saved += added
    for stop, data in plan.moved:
        if stop.company_id != data.company.pk:
            _tell_host_released(stop)
            stop.token_renew()  # the old host's link must stop working
        stop.company, stop.start, stop.end = data.company, data.start, data.end
        for name, value in data.activity_columns().items():
            setattr(stop, name, value)
        stop.sequence += 1
        # The host agreed to another time (or is another host): ask again.
        stop.host_state = Stop.HostState.REQUESTED
        stop.host_answered_at = None
        stop.save()
        _hold(stop, next(closing))
        notifications.host_requested(stop)
        saved.append(stop)
    notifications.programme_changed(
        event, moved=[s for s, _ in plan.moved], removed=plan.removed, added=added
    )
    return sorted(saved, key=lambda s: (s.start, s.pk))


def _tell_host_released(stop: Stop) -> None:
    if stop.host_state != Stop.HostState.DECLINED:
        notifications.host_released(stop)


def _hold(stop: Stop, slots: list[Slot]) -> None:
    """The stop holds these (locked, scheduled) slots: booking closes them to visitors."""
    holds.slot_hold(slot_ids=[slot.pk for slot in slots], holder=stop.holder)


def _error_for(problem: Problem) -> errors.EventError:
    classes = {
        cls.code: cls
        for cls in (
            errors.StopTimesInvalid,
            errors.StopsOverlap,
            errors.StopOverBookings,
            errors.StopOverOtherEvent,
        )
    }
    cls = classes.get(problem.code, errors.EventError)
    error = cls(problem.message)
    error.index = problem.index
    return error


# ---------------------------------------------------------------- hosts


def stop_answer(*, stop: Stop, accept: bool, now: datetime | None = None) -> Stop:
    """The host accepts or declines hosting the stop. Declining releases its slots.
    Raises StopAlreadyAnswered after an earlier answer, StopNotFound for a removed stop."""
    with transaction.atomic(durable=True):
        stop = (
            Stop.objects.select_for_update(of=("self",))
            .select_related("event", "company")
            .get(pk=stop.pk)
        )
        if stop.removed_at or stop.event.status == Event.Status.CANCELLED:
            raise errors.StopNotFound()
        if stop.host_state != Stop.HostState.REQUESTED:
            raise errors.StopAlreadyAnswered()
        stop.host_state = Stop.HostState.ACCEPTED if accept else Stop.HostState.DECLINED
        stop.host_answered_at = now or timezone.now()
        stop.save(update_fields=["host_state", "host_answered_at"])
        if not accept:
            holds.slot_release(holder=stop.holder, now=stop.host_answered_at)
        notifications.host_answered(stop)
        webhooks.event_changed(stop.event)
    return stop
