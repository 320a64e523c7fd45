"""Every write to bookings goes through here. The capacity rule and its lock live in one place.

Locking contract: a service that makes slots *less* available locks each of those slot rows
once, in primary-key order (`_lock_slots`), inside `transaction.atomic(durable=True)`, and
only then checks availability. Freeing places takes no lock beyond the row update itself.
No network I/O happens inside a transaction: mail is enqueued as task rows that commit with
the booking and are sent by the worker afterwards.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import errors, notifications, reminders, waitlist
from booking.models import Booking
from core.contact import MAX_PARTY_SIZE, VisitorData, visitor_clean
from tours.models import Slot

_MAX_ATTEMPTS = 3


def _fingerprint(slot_id: int, party_size: int, visitor: VisitorData) -> str:
    payload = json.dumps([slot_id, party_size, asdict(visitor)], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_slots(slot_ids: Iterable[int]) -> dict[int, Slot]:
    """Locks the slot rows once each, in primary-key order, so two services that lock the
    same slots can never deadlock. The caller must be inside a transaction."""
    slots = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("tour", "tour__company")
        .filter(pk__in=sorted(set(slot_ids)))
        .order_by("pk")
    )
    return {slot.pk: slot for slot in slots}


def cutoff_applies(source: str) -> bool:
    """Whether the tour's online booking cut-off binds a booking made through `source`.

    The cut-off message tells visitors to call the company, so staff booking by phone may book
    until the start; the online form and the API (partners book on the visitor's behalf,
    unattended) may not. Every other rule (closed, cancelled, started, places) binds all."""
    return source != Booking.Source.PHONE


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
    if now >= slot.start - tour.booking_cutoff and cutoff_applies(source):
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


def booking_create(
    *,
    slot_id: int,
    visitor: VisitorData,
    party_size: int,
    source: str = Booking.Source.ONLINE,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Books `party_size` places on the slot and enqueues the visitor's confirmation.

    Returns the new booking, or the earlier one made with the same `idempotency_key` and the
    same request. Raises a BookingError, with nothing written, when the booking is refused.
    The caller holds no lock and is not inside a transaction; this takes the slot lock.
    """
    visitor = visitor_clean(visitor)
    fingerprint = _fingerprint(slot_id, party_size, visitor)
    if idempotency_key:
        earlier = _booking_for_key(idempotency_key, fingerprint)
        if earlier is not None:
            return earlier
    for attempt in range(_MAX_ATTEMPTS):
        try:
            return _booking_insert(
                slot_id=slot_id,
                visitor=visitor,
                party_size=party_size,
                source=source,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                now=now or timezone.now(),
            )
        except IntegrityError:
            # Either a request with the same key committed first (return its booking), or
            # the random reference collided (vanishingly rare: try again with a new one).
            if idempotency_key:
                earlier = _booking_for_key(idempotency_key, fingerprint)
                if earlier is not None:
                    return earlier
            if attempt == _MAX_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _booking_for_key(key: str, fingerprint: str) -> Booking | None:
    earlier = (
        Booking.objects.select_related("slot", "slot__tour", "slot__tour__company")
        .filter(idempotency_key=key)
        .first()
    )
    if earlier is not None and earlier.request_fingerprint != fingerprint:
        raise errors.IdempotencyKeyReused()
    return earlier


def _booking_insert(
    *,
    slot_id: int,
    visitor: VisitorData,
    party_size: int,
    source: str,
    idempotency_key: str | None,
    fingerprint: str,
    now: datetime,
) -> Booking:
    with transaction.atomic(durable=True):
        slot = _lock_slots([slot_id]).get(slot_id)
        if slot is None:
            raise errors.SlotNotFound()
        slot_check_bookable(slot=slot, party_size=party_size, now=now, source=source)
        # Written from the locked row's value: correct only because of the lock above.
        slot.booked += party_size
        slot.save(update_fields=["booked"])
        booking = Booking.objects.create(
            slot=slot,
            party_size=party_size,
            source=source,
            idempotency_key=idempotency_key or None,
            request_fingerprint=fingerprint,
            **asdict(visitor),
        )
        notifications.booking_confirmed(booking)
        reminders.booking_reminder_schedule(booking)
    return booking


def booking_change_deadline(booking: Booking) -> datetime:
    """When the visitor's own changes and cancellation close: the tour's cancellation
    deadline before the start. After it, the visitor calls the company."""
    return booking.slot.start - booking.slot.tour.cancellation_deadline


def _check_visitor_deadline(booking: Booking, now: datetime) -> None:
    if now >= booking_change_deadline(booking):
        raise errors.ChangeDeadlinePassed()


def _lock_booking(booking_id: int, slot_ids: Iterable[int] = ()) -> tuple[Booking, dict]:
    """Locks the booking's slot (plus `slot_ids`) in pk order, then the booking row.

    Slots before bookings, always: the booking and waiting-list services take their locks in
    this order too, so none of them can deadlock another. If the booking moved to another
    slot between the read and the lock, the locks are taken again for the new slot."""
    for _attempt in range(_MAX_ATTEMPTS):
        slot_id = Booking.objects.values_list("slot_id", flat=True).get(pk=booking_id)
        slots = _lock_slots([slot_id, *slot_ids])
        locked = Booking.objects.select_for_update(of=("self",)).get(pk=booking_id)
        if locked.slot_id == slot_id:
            locked.slot = slots[slot_id]
            return locked, slots
    raise errors.BookingError()


def booking_cancel(
    *, booking: Booking, now: datetime | None = None, by_visitor: bool = False
) -> Booking:
    """Cancels the booking, frees its places, offers them to the slot's waiting list and
    enqueues the cancellation notices, all in one transaction.

    Raises BookingNotActive if it was already cancelled, and ChangeDeadlinePassed when
    `by_visitor` and the tour's cancellation deadline has passed (staff may cancel at any
    time). The caller holds no lock; this takes the slot lock, then the booking's."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked, slots = _lock_booking(booking.pk)
        if locked.status != Booking.Status.CONFIRMED:
            raise errors.BookingNotActive()
        if by_visitor:
            _check_visitor_deadline(locked, now)
        slot = slots[locked.slot_id]
        slot.booked -= locked.party_size
        slot.save(update_fields=["booked"])
        locked.status = Booking.Status.CANCELLED
        locked.cancelled_at = now
        locked.sequence += 1
        locked.save(update_fields=["status", "cancelled_at", "sequence", "updated"])
        notifications.booking_cancelled(locked)
        waitlist.waitlist_serve_locked(slot=slot, now=now)
    return locked


def booking_change(
    *,
    booking: Booking,
    party_size: int | None = None,
    slot_id: int | None = None,
    now: datetime | None = None,
    by_visitor: bool = False,
    source: str = Booking.Source.ONLINE,
) -> Booking:
    """Moves the booking to `slot_id` (a slot of the same tour) and/or resizes it to
    `party_size`, then tells the visitor (SEQUENCE + 1) and the company. `source` is who makes
    the change (Booking.Source): staff on the phone (PHONE) are not bound by the online
    booking cut-off of the slot they move to or grow on (`cutoff_applies`).

    The new places are taken, under the lock of every slot involved, before the old ones
    are freed; places freed are offered to the waiting list in the same transaction.
    Raises a BookingError, with nothing written, when the change is refused; NothingToChange
    when the booking already is as asked. The caller holds no lock."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked, slots = _lock_booking(booking.pk, [slot_id] if slot_id else [])
        if locked.status != Booking.Status.CONFIRMED:
            raise errors.BookingNotActive()
        if by_visitor:
            _check_visitor_deadline(locked, now)
        old_slot, old_size = locked.slot, locked.party_size
        new_slot = slots.get(slot_id or old_slot.pk)
        if new_slot is None:
            raise errors.SlotNotFound()
        new_size = party_size if party_size is not None else old_size
        if new_slot.pk == old_slot.pk and new_size == old_size:
            raise errors.NothingToChange()
        if new_slot.tour_id != old_slot.tour_id:
            raise errors.MoveNotAllowed()
        _take_new_places(old_slot, new_slot, old_size, new_size, now, source)
        locked.slot, locked.party_size = new_slot, new_size
        locked.sequence += 1
        fields = ["slot", "party_size", "sequence", "updated"]
        if new_slot.pk != old_slot.pk:
            # The reminder follows the new time; the old time's task finds itself early.
            locked.reminder_sent_at = None
            fields.append("reminder_sent_at")
        locked.save(update_fields=fields)
        notifications.booking_changed(locked)
        notifications.booking_changed_for_company(
            locked, old_slot_id=old_slot.pk, old_party_size=old_size
        )
        if new_slot.pk != old_slot.pk:
            reminders.booking_reminder_schedule(locked)
        waitlist.waitlist_serve_locked(slot=old_slot, now=now)
    return locked


def _take_new_places(
    old: Slot, new: Slot, old_size: int, new_size: int, now: datetime, source: str
) -> None:
    """Books `new_size` on `new` as if the booking's `old_size` on `old` were not there, then
    frees the old places. Both slots are locked by the caller; raises without writing."""
    if new.pk == old.pk and new_size < old_size:
        # A smaller party only frees places: the tour's rules on who may book still apply
        # to its size, but not a closed slot (the company closed it to *new* bookings).
        if now >= new.booking_closes_at and cutoff_applies(source):
            raise errors.BookingCutOff()
        if (new.tour.is_group and new_size < new.tour.min_group_size) or new_size < 1:
            raise errors.PartySizeInvalid(field="party_size")
        new.booked -= old_size - new_size
        new.save(update_fields=["booked"])
        return
    if new.pk == old.pk:
        # Check the whole new party against the slot without the booking's own places,
        # so a group that grows is not refused as "slot taken" by itself.
        new.booked -= old_size
        slot_check_bookable(slot=new, party_size=new_size, now=now, source=source)
        new.booked += new_size
        new.save(update_fields=["booked"])
        return
    slot_check_bookable(slot=new, party_size=new_size, now=now, source=source)
    new.booked += new_size
    new.save(update_fields=["booked"])
    old.booked -= old_size
    old.save(update_fields=["booked"])


# ---------------------------------------------------------------- event registrations
# An event's participant places are as scarce as a slot's, so they follow the same rule in
# the same module: the event row is the lock (select_for_update, once), the check and the
# write of `Event.registered` happen under it, inside one durable transaction. Waiting
# participants are admitted first-fit in order of arrival whenever places open up, so no
# waiting party ever fits in the places left. See docs/events.md.


def _lock_event(event_id: int):
    from events.models import Event

    return Event.objects.select_for_update(of=("self",)).filter(pk=event_id).first()


def registration_create(
    *,
    event_id: int,
    visitor: VisitorData,
    party_size: int,
    waiting_list: bool = True,
    now: datetime | None = None,
):
    """Registers `party_size` people for the event, or puts them on its waiting list when
    the places left are too few and `waiting_list` is true. Enqueues the invitation (or the
    waiting-list notice). Raises an EventError with nothing written when refused.
    The caller holds no lock and is not inside a transaction; this takes the event lock."""
    from events import errors as event_errors
    from events import notifications as event_notifications
    from events.models import Event, Registration

    visitor = visitor_clean(visitor)
    now = now or timezone.now()
    if party_size < 1 or party_size > MAX_PARTY_SIZE:
        raise errors.PartySizeInvalid(field="party_size")
    with transaction.atomic(durable=True):
        event = _lock_event(event_id)
        if event is None or event.status == Event.Status.DRAFT:
            raise event_errors.EventNotOpen()
        if event.status == Event.Status.CANCELLED:
            raise event_errors.EventCancelled()
        if now >= event.registration_deadline:
            raise event_errors.RegistrationClosed()
        fits = party_size <= event.capacity - event.registered
        if not fits and not waiting_list:
            raise event_errors.EventFull()
        registration = Registration.objects.create(
            event=event,
            name=visitor.name,
            email=visitor.email,
            organisation=visitor.organisation,
            language=visitor.language,
            party_size=party_size,
            status=Registration.Status.CONFIRMED if fits else Registration.Status.WAITING,
            confirmed_at=now if fits else None,
        )
        if fits:
            # Written from the locked row's value: correct only because of the lock above.
            event.registered += party_size
            event.save(update_fields=["registered"])
            event_notifications.registration_confirmed(registration)
        else:
            event_notifications.registration_waiting(registration)
    return registration


def registration_cancel(*, registration, now: datetime | None = None):
    """Cancels the registration (confirmed or waiting), frees its places and admits waiting
    participants who now fit. Raises RegistrationNotActive if already cancelled."""
    from events import errors as event_errors
    from events import notifications as event_notifications
    from events.models import Registration

    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event = _lock_event(registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == Registration.Status.CANCELLED:
            raise event_errors.RegistrationNotActive()
        if locked.status == Registration.Status.CONFIRMED:
            event.registered -= locked.party_size
            event.save(update_fields=["registered"])
        locked.status = Registration.Status.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        event_notifications.registration_cancelled(locked)
        _admit_waiting(event, now)
    return locked


def event_capacity_change(*, event_id: int, capacity: int, now: datetime | None = None):
    """Sets the event's participant places; never below the places registered. More
    places admit waiting participants. Returns the event."""
    from events import errors as event_errors

    with transaction.atomic(durable=True):
        event = _lock_event(event_id)
        if capacity < max(event.registered, 1):
            raise event_errors.CapacityBelowRegistered(field="capacity")
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated"])
        _admit_waiting(event, now or timezone.now())
    return event


def _admit_waiting(event, now: datetime) -> None:
    """First fit, in order of arrival. The caller holds the event lock."""
    from events import notifications as event_notifications
    from events.models import Event, Registration

    if event.status != Event.Status.PUBLISHED or now >= event.registration_deadline:
        return
    waiting = event.registrations.select_for_update().filter(status=Registration.Status.WAITING)
    for registration in waiting.order_by("created", "pk"):
        if registration.party_size > event.capacity - event.registered:
            continue
        event.registered += registration.party_size
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        event_notifications.registration_confirmed(registration, admitted=True)
    event.save(update_fields=["registered"])
