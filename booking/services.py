"""Every write to bookings goes through here: create, change, cancel. The capacity rule and
its lock are booking.capacity's, used by every caller.

Locking contract: every service here locks the slot rows it touches once, in primary-key
order (`capacity.lock_slots`), inside `transaction.atomic(durable=True)`, before it checks
or writes places; slots before bookings, always. Freeing places is done under that lock
too, since freed places are offered to the waiting list in the same transaction.
No network I/O happens inside a transaction: mail is written as outbox rows that commit with
the booking and are sent by the worker afterwards.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from booking import capacity, errors, notifications, waitlist, webhooks
from booking.models import Booking
from core.contact import VisitorData, visitor_clean
from core.db import insert
from tours.models import Slot

_MAX_ATTEMPTS = 3


def _fingerprint(slot_id: int, party_size: int, visitor: VisitorData) -> str:
    payload = json.dumps([slot_id, party_size, asdict(visitor)], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def booking_create(
    *,
    slot_id: int,
    visitor: VisitorData,
    party_size: int,
    source: str = Booking.Source.ONLINE,
    channel: str | None = None,
    origin: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Books `party_size` places on the slot and enqueues the visitor's confirmation.
    `channel` (Booking.Channel) records the door it came through, by default the one of
    `source`; `origin` the page that embedded the widget.

    Returns the new booking, or the earlier one made with the same `idempotency_key` and the
    same request. A PHONE booking may have a phone number and no e-mail address: it counts
    in the places like any other, and no mail is enqueued for the visitor. Raises a
    BookingError, with nothing written, when the booking is refused.
    The caller holds no lock and is not inside a transaction; this takes the slot lock.
    """
    # Staff on the phone may book a caller who has no e-mail address (core.contact).
    visitor = visitor_clean(visitor, email_required=source != Booking.Source.PHONE)
    fingerprint = _fingerprint(slot_id, party_size, visitor)
    return idempotent_write(
        lambda: _booking_insert(
            slot_id=slot_id,
            visitor=visitor,
            party_size=party_size,
            source=source,
            channel=channel or channel_of_source(source),
            origin=origin,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            now=now or timezone.now(),
        ),
        earlier=(lambda: _booking_for_key(idempotency_key, fingerprint))
        if idempotency_key
        else None,
    )


def idempotent_write[T](write: Callable[[], T], *, earlier: Callable[[], T | None] | None) -> T:
    """Runs `write` (its own durable transaction) unless `earlier()` finds what a request
    with the same idempotency key already made. An IntegrityError means either that such a
    request committed first (then its result is returned) or that a random reference
    collided (vanishingly rare: `write` runs again, up to three times in all)."""
    if earlier is not None and (found := earlier()) is not None:
        return found
    for attempt in range(_MAX_ATTEMPTS):
        try:
            return write()
        except IntegrityError:
            if earlier is not None and (found := earlier()) is not None:
                return found
            if attempt == _MAX_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def channel_of_source(source: str) -> str:
    """The channel a booking made through `source` comes by, when the caller names none."""
    return {
        Booking.Source.PHONE: Booking.Channel.PHONE,
        Booking.Source.API: Booking.Channel.API,
    }.get(source, Booking.Channel.WEB)


def _check_visitor_limits_locked(
    slot: Slot, visitor: VisitorData, party_size: int, source: str
) -> None:
    """The limits on a visitor's own bookings of an open tour: places per booking, and
    bookings per e-mail address on the departure. The caller holds the slot's lock, so two
    bookings from one address at the same instant are counted one after the other."""
    capacity.check_party_limit(slot, party_size, source)
    if source == Booking.Source.PHONE or slot.tour.is_group or not visitor.email:
        return
    if not settings.RATELIMIT_ENABLE:  # RATE_LIMITS=off: a load test (docs/security.md)
        return
    _most, per_email = slot.tour.online_limits
    held = Booking.objects.filter(
        slot=slot,
        email__iexact=visitor.email,
        status__in=[Booking.Status.CONFIRMED, Booking.Status.ON_HOLD],
    ).count()
    if held >= per_email:
        raise errors.TooManyBookingsForEmail(held)


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
    channel: str,
    origin: str,
    idempotency_key: str | None,
    fingerprint: str,
    now: datetime,
) -> Booking:
    with transaction.atomic(durable=True):
        slot = capacity.lock_slot(slot_id)
        booking = booking_write_locked(
            slot=slot,
            visitor=visitor,
            party_size=party_size,
            source=source,
            channel=channel,
            origin=origin,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            now=now,
        )
        notifications.booking_confirmed(booking)
        webhooks.availability_changed([slot])
    return booking


def booking_write_locked(
    *,
    slot: Slot,
    visitor: VisitorData,
    party_size: int,
    source: str,
    channel: str,
    origin: str,
    idempotency_key: str | None,
    fingerprint: str,
    now: datetime,
) -> Booking:
    """The one step that turns places into a booking: the bookable rule and the visitor's
    limits on the locked `slot`, then its places and the booking row. Tells no one (the
    caller enqueues the notices in the same transaction). Raises a BookingError before
    writing anything. The caller holds the slot's lock (capacity.lock_slots) inside its
    transaction: booking_create for one slot, booking.plans for several at once."""
    capacity.slot_check_bookable(slot=slot, party_size=party_size, now=now, source=source)
    _check_visitor_limits_locked(slot, visitor, party_size, source)
    # Written from the locked row's value: correct only because of the caller's lock.
    slot.booked += party_size
    capacity.places_save(slot)
    booking = Booking(
        slot=slot,
        party_size=party_size,
        source=source,
        channel=channel,
        origin=origin,
        confirmed_at=now,
        idempotency_key=idempotency_key or None,
        request_fingerprint=fingerprint,
        **asdict(visitor),
    )
    insert([booking])  # Booking.objects.create, with its INSERT built once (core.db)
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
        slots = capacity.lock_slots([slot_id, *slot_ids])
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

    Raises BookingNotActive if it was already cancelled, BookingCheckedIn once its party is
    checked in (booking.checkin), and ChangeDeadlinePassed when
    `by_visitor` and the tour's cancellation deadline has passed (staff may cancel at any
    time). The caller holds no lock; this takes the slot lock, then the booking's."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked, slots = _lock_booking(booking.pk)
        if locked.status != Booking.Status.CONFIRMED:
            raise errors.BookingNotActive()
        if locked.checked_in_at is not None:
            raise errors.BookingCheckedIn()
        if by_visitor:
            _check_visitor_deadline(locked, now)
        slot = slots[locked.slot_id]
        slot.booked -= locked.party_size
        capacity.places_save(slot)
        locked.status = Booking.Status.CANCELLED
        locked.cancelled_at = now
        locked.sequence += 1
        locked.save(update_fields=["status", "cancelled_at", "sequence", "updated"])
        notifications.booking_cancelled(locked)
        waitlist.waitlist_serve_locked(slot=slot, now=now)
        webhooks.availability_changed([slot])
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
    booking cut-off of the slot they move to or grow on (`capacity.cutoff_applies`).

    The new places are taken, under the lock of every slot involved, before the old ones
    are freed; places freed are offered to the waiting list in the same transaction.
    Raises a BookingError, with nothing written, when the change is refused (BookingCheckedIn
    once the party is checked in); NothingToChange
    when the booking already is as asked. The caller holds no lock."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked, slots = _lock_booking(booking.pk, [slot_id] if slot_id else [])
        if locked.status != Booking.Status.CONFIRMED:
            raise errors.BookingNotActive()
        if locked.checked_in_at is not None:
            raise errors.BookingCheckedIn()
        if by_visitor:
            _check_visitor_deadline(locked, now)
        old_slot, old_size = locked.slot, locked.party_size
        new_slot = slots.get(slot_id or old_slot.pk)
        if new_slot is None:
            raise errors.SlotNotFound()
        new_size = party_size if party_size is not None else old_size
        if new_slot.pk == old_slot.pk and new_size == old_size:
            raise errors.NothingToChange()
        if by_visitor and new_size > old_size:
            capacity.check_party_limit(new_slot, new_size, Booking.Source.ONLINE)
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
        notifications.booking_changed(locked, old_slot_id=old_slot.pk)
        notifications.booking_changed_for_company(
            locked, old_slot_id=old_slot.pk, old_party_size=old_size
        )
        waitlist.waitlist_serve_locked(slot=old_slot, now=now)
        webhooks.availability_changed([old_slot, new_slot])
    return locked


def _take_new_places(
    old: Slot, new: Slot, old_size: int, new_size: int, now: datetime, source: str
) -> None:
    """Books `new_size` on `new` as if the booking's `old_size` on `old` were not there, then
    frees the old places. Both slots are locked by the caller; raises without writing."""
    if new.pk == old.pk and new_size < old_size:
        # A smaller party only frees places: the tour's rules on who may book still apply
        # to its size, but not a closed slot (the company closed it to *new* bookings).
        if now >= capacity.booking_closes_at(new) and capacity.cutoff_applies(source):
            raise errors.BookingCutOff()
        if (new.tour.is_group and new_size < new.tour.min_group_size) or new_size < 1:
            raise errors.PartySizeInvalid(field="party_size")
        new.booked -= old_size - new_size
        capacity.places_save(new)
        return
    if new.pk == old.pk:
        # Check the whole new party against the slot without the booking's own places,
        # so a group that grows is not refused as "slot taken" by itself.
        new.booked -= old_size
        capacity.slot_check_bookable(slot=new, party_size=new_size, now=now, source=source)
        new.booked += new_size
        capacity.places_save(new)
        return
    capacity.slot_check_bookable(slot=new, party_size=new_size, now=now, source=source)
    new.booked += new_size
    capacity.places_save(new)
    old.booked -= old_size
    capacity.places_save(old)
