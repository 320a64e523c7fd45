"""Slot-level writes for the company workspace: open, resize, close, cancel and move slots.

These follow the locking contract of `booking.services` and take the same lock
(`booking.capacity.lock_slots`): every change that can conflict with a concurrent booking
locks the slot row (primary-key order, `select_for_update`) inside
`transaction.atomic(durable=True)` and decides from the locked values. Visitors are told
through `booking.notifications` and partners through `booking.webhooks`, enqueued in the
same transaction.

They live in their own module, not in services.py, so that the booking services (create,
cancel, change, waiting list) and these slot services can grow without stepping on each other;
the lock and the rules are booking.capacity's, never copied.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import capacity, errors, notifications, waitlist, webhooks
from booking.capacity import lock_slot
from booking.models import Booking, SlotHold
from tours import supply
from tours.horizon import MAX_AHEAD
from tours.models import Slot, Tour


def _check_start(*, tour: Tour, start: datetime, now: datetime, exclude_pk: int | None = None):
    if timezone.is_naive(start) or start <= now:
        raise errors.SlotStartInvalid(field="start")
    if start > now + MAX_AHEAD:
        raise errors.SlotStartInvalid(
            _("A departure can be planned at most five years ahead."), field="start"
        )
    clash = Slot.objects.filter(tour=tour, start=start).exclude(status=Slot.Status.CANCELLED)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise errors.SlotExists(field="start")


def _lock_tour(tour: Tour) -> None:
    """Serialises the opening and moving of one tour's departures, so that two people
    opening the same time at once cannot make a duplicate. Bookings never take this lock."""
    Tour.objects.select_for_update().filter(pk=tour.pk).first()


def _check_capacity(capacity: int) -> None:
    if capacity < 1:
        raise errors.CapacityInvalid(field="capacity")


def slot_create(*, tour: Tour, start: datetime, capacity: int, now: datetime | None = None) -> Slot:
    """Opens one departure of `tour` at `start` (aware), lasting the tour's duration.

    Raises SlotStartInvalid (past), SlotExists (same tour, same start) or CapacityInvalid."""
    _check_capacity(capacity)
    with transaction.atomic():
        _lock_tour(tour)
        _check_start(tour=tour, start=start, now=now or timezone.now())
        slot = Slot.objects.create(
            tour=tour, start=start, end=start + tour.duration, capacity=capacity
        )
        webhooks.availability_changed([slot])
    return slot


def slots_create_from_pattern(
    *, tour: Tour, starts: Iterable[datetime], capacity: int, now: datetime | None = None
) -> list[Slot]:
    """Opens a departure at each of `starts` that is in the future and not already open.

    Starts that already have a (not cancelled) departure are skipped, so applying the same
    pattern twice is harmless. Returns the slots created, in time order."""
    _check_capacity(capacity)
    now = now or timezone.now()
    wanted = sorted({s for s in starts if s > now})
    with transaction.atomic():
        _lock_tour(tour)
        existing = set(
            Slot.objects.filter(tour=tour, start__in=wanted)
            .exclude(status=Slot.Status.CANCELLED)
            .values_list("start", flat=True)
        )
        new = [
            Slot(tour=tour, start=s, end=s + tour.duration, capacity=capacity)
            for s in wanted
            if s not in existing
        ]
        created = Slot.objects.bulk_create(new)
        supply.changed([tour.pk])  # bulk_create sends no post_save
        webhooks.availability_changed(created)
    return created


def slot_set_capacity(*, slot_id: int, capacity: int, now: datetime | None = None) -> Slot:
    """Sets the slot's capacity. Raises CapacityBelowBooked if fewer places than are booked
    or held by waiting-list offers (both are counted in `Slot.booked`).

    The caller holds no lock; this takes the slot lock, so a booking that commits first is
    counted and one that comes after sees the new capacity. New room is offered to the
    waiting list under the same lock, before any walk-in can take it."""
    _check_capacity(capacity)
    with transaction.atomic(durable=True):
        slot = lock_slot(slot_id)
        if slot.status == Slot.Status.CANCELLED:
            raise errors.SlotNotChangeable()
        if capacity < slot.booked:
            raise errors.CapacityBelowBooked(slot.booked)
        slot.capacity = capacity
        slot.save(update_fields=["capacity"])
        waitlist.waitlist_serve_locked(slot=slot, now=now or timezone.now())
        webhooks.availability_changed([slot])
    return slot


def _check_not_held(slot: Slot) -> None:
    """Raises SlotHeldByEvent if something (an event stop) holds the slot (booking.holds):
    only its holder may release it, or the stop's visitors and a walk-in would meet."""
    if SlotHold.objects.filter(slot_id=slot.pk).exists():
        raise errors.SlotHeldByEvent()


def _slot_set_status(*, slot_id: int, status: str, now: datetime | None = None) -> Slot:
    with transaction.atomic(durable=True):
        slot = lock_slot(slot_id)
        if slot.status == Slot.Status.CANCELLED:
            raise errors.SlotNotChangeable()
        if status == Slot.Status.SCHEDULED:
            _check_not_held(slot)
        slot.status = status
        slot.save(update_fields=["status"])
        if status == Slot.Status.SCHEDULED:
            # Reopened: the waiting list comes before any walk-in, under this lock.
            waitlist.waitlist_serve_locked(slot=slot, now=now or timezone.now())
        webhooks.availability_changed([slot])
    return slot


def slot_close(*, slot_id: int) -> Slot:
    """Closes the slot to new bookings; existing bookings and open offers stand. Idempotent."""
    return _slot_set_status(slot_id=slot_id, status=Slot.Status.CLOSED)


def slot_reopen(*, slot_id: int, now: datetime | None = None) -> Slot:
    """Opens a closed slot to bookings again and offers its free places to the waiting list.
    Raises SlotNotChangeable for a cancelled slot, SlotHeldByEvent for one an event stop holds."""
    return _slot_set_status(slot_id=slot_id, status=Slot.Status.SCHEDULED, now=now)


def _check_no_arrivals(bookings: list[Booking]) -> None:
    """What happened on the farm is not rewritten by moving or cancelling the departure."""
    if any(b.checked_in_at is not None for b in bookings):
        raise errors.SlotHasArrivals()


def slot_cancel(*, slot_id: int, now: datetime | None = None) -> tuple[Slot, list[Booking]]:
    """Cancels the slot, every confirmed booking and hold on it and its waiting list, in one
    transaction.

    Each booking's SEQUENCE rises and its visitor's cancellation notice (with the calendar
    CANCEL) is enqueued in the same transaction; so is a notice to each visitor whose
    waiting-list entry (waiting, or holding an offer) ends. Returns the slot and the cancelled
    bookings. Raises SlotNotChangeable if the slot was already cancelled, SlotHasArrivals when
    a party on it is checked in."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot = lock_slot(slot_id)
        if slot.status == Slot.Status.CANCELLED:
            raise errors.SlotNotChangeable()
        bookings = list(
            Booking.objects.select_for_update()
            .filter(slot=slot, status=Booking.Status.CONFIRMED)
            .order_by("pk")
        )
        _check_no_arrivals(bookings)
        for booking in bookings:
            booking.slot = slot  # the locked row, with its tour: no query per booking
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = now
            booking.sequence += 1
            booking.save(update_fields=["status", "cancelled_at", "sequence", "updated"])
            notifications.booking_cancelled(booking)
        # Held places end with the departure; nobody was told of a hold, so nobody is mailed
        # (the partner sees the status when it asks, or by its webhook).
        Booking.objects.filter(slot=slot, status=Booking.Status.ON_HOLD).update(
            status=Booking.Status.CANCELLED, cancelled_at=now, updated=now
        )
        waitlist.waitlist_end_for_slot_locked(slot=slot)
        slot.status = Slot.Status.CANCELLED
        slot.booked = 0
        slot.save(update_fields=["status", "booked"])
        webhooks.availability_changed([slot])
    return slot, bookings


def slot_move(
    *, slot_id: int, start: datetime, now: datetime | None = None
) -> tuple[Slot, list[Booking]]:
    """Moves the slot to `start`, keeping its length; every visitor gets the updated invitation
    and a reminder at the new time; the waiting list is told and its offers follow the new
    cut-off (booking.waitlist.waitlist_slot_moved_locked).

    RFC 5546 §2.1.4: a time change raises each booking's SEQUENCE. Raises SlotStartInvalid,
    SlotExists, SlotNotChangeable, SlotHeldByEvent or SlotHasArrivals. Returns the slot and
    the bookings whose visitors are told."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot = lock_slot(slot_id)
        if slot.status == Slot.Status.CANCELLED:
            raise errors.SlotNotChangeable()
        _check_not_held(slot)
        _lock_tour(slot.tour)
        _check_start(tour=slot.tour, start=start, now=now, exclude_pk=slot.pk)
        if start == slot.start:
            return slot, []
        length: timedelta = slot.end - slot.start
        slot.start, slot.end = start, start + length
        slot.save(update_fields=["start", "end"])
        bookings = list(
            Booking.objects.select_for_update()
            .filter(slot=slot, status=Booking.Status.CONFIRMED)
            .order_by("pk")
        )
        _check_no_arrivals(bookings)
        for booking in bookings:
            booking.slot = slot
            booking.sequence += 1
            # The reminder follows the new time; the old time's task finds itself early.
            booking.reminder_sent_at = None
            booking.save(update_fields=["sequence", "reminder_sent_at", "updated"])
            notifications.booking_changed(booking)
        booked = slot.booked
        waitlist.waitlist_slot_moved_locked(slot=slot, now=now)
        if slot.booked != booked:
            capacity.places_save(slot)
        # A later time may reopen online booking (and free places from ended offers).
        waitlist.waitlist_serve_locked(slot=slot, now=now)
        webhooks.availability_changed([slot])
    return slot, bookings


def slot_remove(*, slot_id: int) -> None:
    """Deletes a slot nobody has ever booked (a pattern was shortened or changed).

    Raises SlotHasBookings if any booking, even a cancelled one, refers to it: such a slot is
    cancelled instead, so its history and the visitors' notices stay intact."""
    with transaction.atomic(durable=True):
        slot = lock_slot(slot_id)
        if slot.booked or Booking.objects.filter(slot=slot).exists():
            raise errors.SlotHasBookings()
        webhooks.availability_changed([slot])
        slot.delete()
