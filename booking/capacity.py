"""The one capacity rule: who may book how many places on a slot now, and the lock that
makes the answer final. Every caller asks here: the booking, change and waiting-list
services, the event programme (through booking.holds), the pages and badges, the API's
`available` and `bookable`, the workspace and the calendar feeds.

- `lock_slots` locks slot rows once each, in primary-key order, inside the caller's
  transaction. A service that makes slots *less* available takes it before it checks; so
  does a service that frees places and offers them to a waiting list. Only the booking app
  writes a slot's places or status.
- `slot_check_bookable` raises the error that refuses a party; under the lock it is final.
- `slot_state` and `places_bookable` answer "can a visitor book, and how many?" for
  display, and `available_places` and `slot_state_sql` are their SQL twins for filtering
  and aggregating lists in the database (the month calendar, booking.month).
  A test holds the Python rule and the SQL twin to the same answers.
- `bookable_for_party` is the whole online refusal (`slot_check_bookable` and
  `check_party_limit`) for a party of N as a filter: "departures a family of 4 can book".
"""

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db import connections, router
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext as _

from booking import errors
from booking.models import Booking
from core.contact import MAX_PARTY_SIZE
from core.db import update_columns
from tours.models import Company, Slot, Tour


def lock_slots(slot_ids: Iterable[int]) -> dict[int, Slot]:
    """Locks the slot rows once each, in primary-key order, so two services that lock the
    same slots can never deadlock; returns them by id, with tour and company loaded.
    The caller must be inside a transaction (the locks last until it ends).

    What `Slot.objects.select_for_update(of=("self",)).select_related("tour",
    "tour__company").filter(pk__in=...).order_by("pk")` returns, with the SQL written once
    per process instead of compiled for every booking: compiling the join of three wide,
    translated tables cost about a sixth of the booking API's CPU. The rows become model
    instances the way the ORM makes them (`Model.from_db`, the backend's and the fields'
    converters); a test holds the two to the same instances."""
    ids = sorted(set(slot_ids))
    if not ids:
        return {}
    db = router.db_for_write(Slot)
    conn = connections[db]
    lock = _slot_lock_query(conn, len(ids))
    with conn.cursor() as cursor:
        cursor.execute(lock.sql, ids)
        rows = cursor.fetchall()
    slots = {}
    for row in rows:
        slot, tour, company = (part.instance(db, row, conn) for part in lock.parts)
        Tour.company.field.set_cached_value(tour, company)
        Slot.tour.field.set_cached_value(slot, tour)
        slots[slot.pk] = slot
    return slots


class _Part:
    """One model's columns in the lock query's row: where they are and how to read them."""

    def __init__(self, model, start: int, conn) -> None:
        self.model = model
        self.fields = model._meta.concrete_fields
        self.names = [field.attname for field in self.fields]
        self.start, self.end = start, start + len(self.fields)
        self.converters = []
        for i, field in enumerate(self.fields):
            column = field.get_col(model._meta.db_table)
            found = conn.ops.get_db_converters(column) + column.get_db_converters(conn)
            if found:
                self.converters.append((i, found, column))

    def instance(self, db: str, row: tuple, conn):
        values = list(row[self.start : self.end])
        for i, converters, column in self.converters:
            for converter in converters:
                values[i] = converter(values[i], column, conn)
        return self.model.from_db(db, self.names, values)


class _LockQuery:
    def __init__(self, sql: str, parts: tuple[_Part, _Part, _Part]) -> None:
        self.sql, self.parts = sql, parts


_lock_queries: dict[tuple[str, int], _LockQuery] = {}


def _slot_lock_query(conn, count: int) -> _LockQuery:
    """The lock's SQL for `count` ids on this connection, and its row layout."""
    key = (conn.alias, count)
    if key not in _lock_queries:
        q = conn.ops.quote_name
        parts, columns, start = [], [], 0
        for model in (Slot, Tour, Company):
            part = _Part(model, start, conn)
            parts.append(part)
            table = q(model._meta.db_table)
            columns += [f"{table}.{q(field.column)}" for field in part.fields]
            start = part.end
        slot, tour, company = (q(m._meta.db_table) for m in (Slot, Tour, Company))
        slot_id, tour_id, company_id = (q(m._meta.pk.column) for m in (Slot, Tour, Company))
        slot_tour, tour_company = q(Slot.tour.field.column), q(Tour.company.field.column)
        # Identifiers only, from the models' metadata, quoted; the ids are parameters.
        sql = (
            f"SELECT {', '.join(columns)} FROM {slot}"  # noqa: S608
            f" INNER JOIN {tour} ON {tour}.{tour_id} = {slot}.{slot_tour}"
            f" INNER JOIN {company} ON {company}.{company_id} = {tour}.{tour_company}"
            f" WHERE {slot}.{slot_id} IN ({', '.join(['%s'] * count)})"
            f" ORDER BY {slot}.{slot_id}"
        )
        if conn.features.has_select_for_update_of:
            sql += f" FOR UPDATE OF {slot}"
        elif conn.features.has_select_for_update:
            sql += " FOR UPDATE"
        _lock_queries[key] = _LockQuery(sql, (parts[0], parts[1], parts[2]))
    return _lock_queries[key]


def places_save(slot: Slot) -> None:
    """Writes the slot's places (`booked`) as the caller set them on the locked row: the one
    write of places every service makes (`save(update_fields=["booked"])`, with its SQL
    built once, core.db). Its post_save still tells the supply version (tours.supply), so
    the pages that show places left change with it."""
    update_columns(slot, ("booked",))


def lock_slot(slot_id: int) -> Slot:
    """Locks one slot (see lock_slots); raises SlotNotFound if there is none."""
    slot = lock_slots([slot_id]).get(slot_id)
    if slot is None:
        raise errors.SlotNotFound()
    return slot


def cutoff_applies(source: str) -> bool:
    """Whether the tour's online booking cut-off binds a booking made through `source`.

    The cut-off message tells visitors to call the company, so staff booking by phone may book
    until the start; the online form and the API (partners book on the visitor's behalf,
    unattended) may not. Every other rule (closed, cancelled, started, places) binds all."""
    return source != Booking.Source.PHONE


def booking_closes_at(slot: Slot) -> datetime:
    """When online booking of the slot closes: its tour's cut-off before the start."""
    return slot.start - slot.tour.booking_cutoff


def slot_check_bookable(
    *, slot: Slot, party_size: int, now: datetime, source: str = Booking.Source.ONLINE
) -> None:
    """Raises the BookingError that refuses `party_size` more people on `slot`, if any.
    `source` is who books (Booking.Source): only a PHONE booking skips the cut-off.

    The caller holds the slot's lock when the answer must be final."""
    tour = slot.tour
    if not tour.published:
        raise errors.SlotNotFound()
    if slot.status == Slot.Status.CANCELLED:
        raise errors.SlotCancelled()
    if slot.status == Slot.Status.CLOSED:
        raise errors.SlotClosed()
    if now >= slot.start:
        raise errors.SlotInPast()
    if now >= booking_closes_at(slot) and cutoff_applies(source):
        raise errors.BookingCutOff()
    if party_size < 1 or party_size > MAX_PARTY_SIZE:
        raise errors.PartySizeInvalid(field="party_size")
    if tour.is_group:
        if slot.booked > 0:
            raise errors.SlotTaken()
        if not tour.min_group_size <= party_size <= tour.max_group_size:
            raise errors.PartySizeInvalid(
                _("This group visit is for %(min)d to %(max)d people.")
                % {"min": tour.min_group_size, "max": tour.max_group_size},
                field="party_size",
            )
    if slot.available == 0:
        raise errors.SlotFull()
    if party_size > slot.available:
        raise errors.NotEnoughPlaces(slot.available)


def check_party_limit(slot: Slot, party_size: int, source: str) -> None:
    """Raises GroupTooLarge when a visitor's own booking (online or API; not staff's) of an
    open tour is for more people than the tour takes that way (Tour.online_limits)."""
    tour = slot.tour
    if source == Booking.Source.PHONE or tour.is_group or not settings.RATELIMIT_ENABLE:
        return
    most, _per_email = tour.online_limits
    if party_size > most:
        raise errors.GroupTooLarge(most=most, company=tour.company)


class SlotState(StrEnum):
    """What a visitor can do with a slot now."""

    BOOKABLE = "bookable"  # places left for at least the smallest party
    FULL = "full"  # refused only for want of places: the waiting list is open
    CLOSED = "closed"  # closed by the company, past the cut-off, started or unpublished
    CANCELLED = "cancelled"


def slot_state(slot: Slot, *, now: datetime, source: str = Booking.Source.ONLINE) -> SlotState:
    """The rule of slot_check_bookable for the smallest party the tour takes, as a state.
    Reads the given instance: not final unless the caller holds the lock."""
    tour = slot.tour
    if slot.status == Slot.Status.CANCELLED:
        return SlotState.CANCELLED
    if not tour.published or slot.status != Slot.Status.SCHEDULED or now >= slot.start:
        return SlotState.CLOSED
    if now >= booking_closes_at(slot) and cutoff_applies(source):
        return SlotState.CLOSED
    smallest = tour.min_group_size if tour.is_group else 1
    if (tour.is_group and slot.booked > 0) or slot.available < smallest:
        return SlotState.FULL
    return SlotState.BOOKABLE


def places_bookable(slot: Slot, *, now: datetime, source: str = Booking.Source.ONLINE) -> int:
    """The places a visitor could book on the slot now: 0 unless it is BOOKABLE."""
    if slot_state(slot, now=now, source=source) != SlotState.BOOKABLE:
        return 0
    return slot.available


def is_bookable(slot: Slot, *, now: datetime) -> bool:
    return slot_state(slot, now=now) == SlotState.BOOKABLE


def waitlist_open(slot: Slot, *, now: datetime) -> bool:
    """Whether the slot's waiting list takes new entries: only when it is full."""
    return slot_state(slot, now=now) == SlotState.FULL


def waitlist_fits(slot: Slot, party_size: int) -> bool:
    """Whether a party of this size could ever be served from the slot's waiting list: an open
    tour's party no larger than the departure, a group within the tour's group sizes. A party
    of 30 waiting for a 25-place departure would wait for ever."""
    tour = slot.tour
    if tour.is_group:
        return tour.min_group_size <= party_size <= min(tour.max_group_size, slot.capacity)
    return 1 <= party_size <= min(MAX_PARTY_SIZE, slot.capacity)


def available_places(now: datetime) -> Case:
    """`places_bookable` (for an online booking) as an SQL expression over Slot rows, for
    filtering and ordering lists in the database (`annotate(available_places=...)`)."""
    closes = ExpressionWrapper(F("start") - F("tour__booking_cutoff"), output_field=DateTimeField())
    group = Q(tour__kind=Tour.Kind.GROUP)
    return Case(
        When(~Q(status=Slot.Status.SCHEDULED) | Q(tour__published=False), then=Value(0)),
        When(start__lte=now, then=Value(0)),
        When(LessThanOrEqual(closes, Value(now)), then=Value(0)),
        When(group & Q(booked__gt=0), then=Value(0)),
        When(group & Q(capacity__lt=F("booked") + F("tour__min_group_size")), then=Value(0)),
        default=F("capacity") - F("booked"),
        output_field=IntegerField(),
    )


def slot_state_sql(now: datetime) -> Case:
    """`slot_state` (for an online booking) as an SQL expression over Slot rows: one of the
    SlotState values, so a month's days can be told apart in one aggregate query (a day
    with a FULL departure leads to its waiting list)."""
    closes = ExpressionWrapper(F("start") - F("tour__booking_cutoff"), output_field=DateTimeField())
    group = Q(tour__kind=Tour.Kind.GROUP)
    return Case(
        When(status=Slot.Status.CANCELLED, then=Value(SlotState.CANCELLED.value)),
        When(
            ~Q(status=Slot.Status.SCHEDULED) | Q(tour__published=False),
            then=Value(SlotState.CLOSED.value),
        ),
        When(start__lte=now, then=Value(SlotState.CLOSED.value)),
        When(LessThanOrEqual(closes, Value(now)), then=Value(SlotState.CLOSED.value)),
        When(group & Q(booked__gt=0), then=Value(SlotState.FULL.value)),
        When(
            group & Q(capacity__lt=F("booked") + F("tour__min_group_size")),
            then=Value(SlotState.FULL.value),
        ),
        When(~group & Q(capacity__lte=F("booked")), then=Value(SlotState.FULL.value)),
        default=Value(SlotState.BOOKABLE.value),
        output_field=CharField(),
    )


def bookable_for_party(party_size: int | None, now: datetime) -> Q:
    """A filter on Slot rows: the slots an online booking for `party_size` people would not
    be refused on now (`slot_check_bookable` and `check_party_limit`, as SQL). None: any
    party the slot takes (the state BOOKABLE). For a group visit the party must be within
    the tour's group sizes and the slot still free; for an open tour it needs that many
    places left and to be within the tour's limit per online booking."""
    places = available_places(now)
    if party_size is None:
        return Q(GreaterThanOrEqual(places, 1))
    if not 1 <= party_size <= MAX_PARTY_SIZE:
        return Q(pk__in=[])
    group = Q(
        tour__kind=Tour.Kind.GROUP,
        tour__min_group_size__lte=party_size,
        tour__max_group_size__gte=party_size,
    )
    open_tour = Q(tour__kind=Tour.Kind.OPEN)
    if settings.RATELIMIT_ENABLE:
        most = Coalesce(F("tour__online_max_places"), Value(settings.BOOKING_MAX_PLACES))
        open_tour &= Q(GreaterThanOrEqual(most, party_size))
    return Q(GreaterThanOrEqual(places, party_size)) & (group | open_tour)
