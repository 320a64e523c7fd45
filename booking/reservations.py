"""Holds: places reserved for a partner (an OCTO reseller) before the sale is final.

A hold is a Booking in status ON_HOLD, with its places counted in `Slot.booked` under the slot
lock exactly as a confirmed booking's are, so every availability in the system (pages, the
REST API, the workspace, the SQL twin of the bookable rule) already leaves them out and a held
place can never be sold twice. It ends in one of three ways:

- confirmed (`booking_hold_confirm`): the same row becomes CONFIRMED with the visitor's
  details, and the usual invitation and company notice go out through the outbox;
- cancelled by the partner (`booking_hold_cancel`), or
- expired (`booking_hold_expire`, `booking_holds_expire_due`): at `hold_expires_at` the places
  are freed and offered to the waiting list, in the same transaction, before anyone else.

Nobody is mailed while a booking is on hold: the visitor has not bought anything yet. Partners
subscribed to webhooks hear "availability changed" when a hold takes or frees places, and
"booking created" when it is confirmed (booking.webhooks, through the outbox).

Expiry never depends on one delayed task alone. Each hold enqueues a sweep at its deadline
(a task row, so it survives a restart); that sweep ends *every* hold that is due, so a lost
task is covered by the next one; the task worker also runs the same sweep as a scheduled job
every WORKER_SWEEP_SECONDS (notify.periodic), which a freshly started worker runs at once if
it is due; and a new hold on a slot first ends that slot's due holds under the lock it takes
anyway. `manage.py holds_expire` runs the sweep by hand or from cron.

Lock order, as everywhere in booking: the slot first (capacity.lock_slots), then the booking.
"""

from collections import defaultdict
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from booking import capacity, errors, notifications, waitlist, webhooks
from booking.models import Booking
from core.contact import VisitorData, visitor_clean
from tours.models import Slot

_SWEEP_BATCH = 500


def hold_minutes_default() -> int:
    """How long a hold lasts when the partner does not say: BOOKING_HOLD_MINUTES."""
    return int(getattr(settings, "BOOKING_HOLD_MINUTES", 30))


def hold_minutes_max() -> int:
    """The longest a hold may last from now, on creation or extension: BOOKING_HOLD_MAX_MINUTES."""
    return int(getattr(settings, "BOOKING_HOLD_MAX_MINUTES", 60))


def hold_deadline(*, slot: Slot, minutes: int | None, now: datetime) -> datetime:
    """When a hold asked for `minutes` from `now` ends: capped by the setting, and never after
    the slot's booking cut-off (a hold is a booking not yet final, so it may not outlive the
    time when booking closes). Raises HoldMinutesInvalid below one minute."""
    minutes = hold_minutes_default() if minutes is None else minutes
    if minutes < 1:
        raise errors.HoldMinutesInvalid(field="minutes")
    minutes = min(minutes, hold_minutes_max())
    return min(now + timedelta(minutes=minutes), capacity.booking_closes_at(slot))


def booking_reserve(
    *,
    slot_id: int,
    party_size: int,
    channel: str = Booking.Channel.OCTO,
    minutes: int | None = None,
    language: str = "da",
    reseller_reference: str = "",
    note: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Holds `party_size` places on the slot until the returned booking's `hold_expires_at`.

    The same bookable rule as a booking (capacity.slot_check_bookable, with the online
    cut-off), under the same lock. `idempotency_key` makes a retry return the first hold (the
    caller scopes the key, e.g. by reseller); the caller compares what was asked. Raises a
    BookingError, with nothing written, when the places cannot be held. The caller holds no
    lock and is not inside a transaction."""
    now = now or timezone.now()
    if idempotency_key:
        earlier = _booking_for_key(idempotency_key)
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic(durable=True):
            slot = capacity.lock_slot(slot_id)
            if _expire_due_locked(slot=slot, now=now):
                # Freed places go to the waiting list first, as everywhere.
                waitlist.waitlist_serve_locked(slot=slot, now=now)
            capacity.slot_check_bookable(
                slot=slot, party_size=party_size, now=now, source=Booking.Source.API
            )
            until = hold_deadline(slot=slot, minutes=minutes, now=now)
            slot.booked += party_size
            capacity.places_save(slot)
            booking = Booking.objects.create(
                slot=slot,
                party_size=party_size,
                status=Booking.Status.ON_HOLD,
                hold_expires_at=until,
                source=Booking.Source.API,
                channel=channel,
                language=language if language in dict(settings.LANGUAGES) else "da",
                reseller_reference=reseller_reference,
                note=note,
                name="",
                email="",
                idempotency_key=idempotency_key or None,
            )
            holds_expire_schedule(until)
            webhooks.availability_changed([slot])
    except IntegrityError:
        # A retry with the same key committed first: that one is the hold.
        earlier = _booking_for_key(idempotency_key) if idempotency_key else None
        if earlier is None:
            raise
        return earlier
    return booking


def _booking_for_key(key: str) -> Booking | None:
    return (
        Booking.objects.select_related("slot", "slot__tour", "slot__tour__company")
        .filter(idempotency_key=key)
        .first()
    )


def _lock_hold(booking: Booking) -> tuple[Slot, Booking]:
    """Locks the booking's slot, then the booking (a hold never moves to another slot)."""
    slot = capacity.lock_slot(booking.slot_id)
    locked = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
    locked.slot = slot
    return slot, locked


def booking_hold_extend(
    *, booking: Booking, minutes: int | None = None, now: datetime | None = None
) -> Booking:
    """Moves the hold's end to `minutes` from now (capped as in hold_deadline; never earlier
    than it already was). Raises HoldExpired when the hold has run out (its places are then
    released, and that is committed), BookingNotHeld when it is not on hold."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot, locked = _lock_hold(booking)
        expired = _end_if_expired_locked(slot=slot, booking=locked, now=now)
        if not expired:
            until = hold_deadline(slot=slot, minutes=minutes, now=now)
            if until > locked.hold_expires_at:
                locked.hold_expires_at = until
                locked.save(update_fields=["hold_expires_at", "updated"])
                holds_expire_schedule(until)
    if expired:
        raise errors.HoldExpired()
    return locked


def booking_hold_confirm(
    *,
    booking: Booking,
    visitor: VisitorData,
    reseller_reference: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Makes the hold a confirmed booking of the places it holds, with the visitor's details,
    and enqueues the visitor's invitation, the company's notice and the reminder, as any new
    booking does. A booking already confirmed is returned as it is (a retried confirmation).

    Raises ContactInvalid for missing or bad details, HoldExpired when the hold has run out
    (its places are released, and that is committed), BookingNotActive when it was cancelled,
    SlotCancelled/SlotClosed/SlotInPast when the departure changed since the hold."""
    now = now or timezone.now()
    visitor = visitor_clean(visitor)
    with transaction.atomic(durable=True):
        slot, locked = _lock_hold(booking)
        if locked.status == Booking.Status.CONFIRMED:
            return locked
        expired = _end_if_expired_locked(slot=slot, booking=locked, now=now)
        if not expired:
            _check_still_sellable(slot, now)
            for field, value in asdict(visitor).items():
                setattr(locked, field, value)
            if reseller_reference is not None:
                locked.reseller_reference = reseller_reference
            locked.status = Booking.Status.CONFIRMED
            locked.confirmed_at = now
            locked.hold_expires_at = None
            locked.save(
                update_fields=[
                    *asdict(visitor),
                    "reseller_reference",
                    "status",
                    "confirmed_at",
                    "hold_expires_at",
                    "updated",
                ]
            )
            notifications.booking_confirmed(locked)
    if expired:
        raise errors.HoldExpired()
    return locked


def _check_still_sellable(slot: Slot, now: datetime) -> None:
    """The places are already the hold's; only a departure ended since refuses them."""
    if slot.status == Slot.Status.CANCELLED:
        raise errors.SlotCancelled()
    if slot.status == Slot.Status.CLOSED or not slot.tour.published:
        raise errors.SlotClosed()
    if now >= slot.start:
        raise errors.SlotInPast()


def booking_hold_cancel(*, booking: Booking, now: datetime | None = None) -> Booking:
    """Releases a hold before it runs out: its places are freed and offered to the waiting
    list. Nobody is mailed (nobody was told of the hold). A hold that had already run out
    ends as EXPIRED instead, which is what it was. Raises BookingNotActive when the booking was
    already cancelled, BookingNotHeld when it is confirmed (cancel it with
    booking.services.booking_cancel, which keeps the cancellation deadline)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot, locked = _lock_hold(booking)
        if locked.status == Booking.Status.CANCELLED:
            raise errors.BookingNotActive()
        if locked.status != Booking.Status.ON_HOLD and locked.status != Booking.Status.EXPIRED:
            raise errors.BookingNotHeld()
        if locked.status == Booking.Status.ON_HOLD:
            ending = (
                Booking.Status.EXPIRED
                if now >= locked.hold_expires_at
                else Booking.Status.CANCELLED
            )
            _release_locked(slot=slot, booking=locked, status=ending, now=now)
            waitlist.waitlist_serve_locked(slot=slot, now=now)
            webhooks.availability_changed([slot])
    return locked


def _end_if_expired_locked(*, slot: Slot, booking: Booking, now: datetime) -> bool:
    """For extend and confirm: True when the hold has run out (released now, if the sweep has
    not yet), raises BookingNotActive/BookingNotHeld when the booking is not a hold at all.
    The caller holds the slot's and the booking's locks."""
    if booking.status == Booking.Status.EXPIRED:
        return True
    if booking.status == Booking.Status.CANCELLED:
        raise errors.BookingNotActive()
    if booking.status != Booking.Status.ON_HOLD:
        raise errors.BookingNotHeld()
    if now < booking.hold_expires_at:
        return False
    _release_locked(slot=slot, booking=booking, status=Booking.Status.EXPIRED, now=now)
    waitlist.waitlist_serve_locked(slot=slot, now=now)
    webhooks.availability_changed([slot])
    return True


def _release_locked(*, slot: Slot, booking: Booking, status: str, now: datetime) -> None:
    """Ends the hold as `status` and frees its places (the caller saves nothing: this does).
    The caller holds both locks; `slot` is the locked instance."""
    slot.booked -= booking.party_size
    capacity.places_save(slot)
    booking.status = status
    if status == Booking.Status.CANCELLED:
        booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at", "updated"])


def _expire_due_locked(*, slot: Slot, now: datetime) -> list[Booking]:
    """Ends the slot's holds that have run out and frees their places, without serving the
    waiting list (the caller does, or is about to take the places by the same rule). The
    caller holds the slot's lock. One query when nothing is due (an index match)."""
    due = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(slot=slot, status=Booking.Status.ON_HOLD, hold_expires_at__lte=now)
        .order_by("pk")
    )
    for booking in due:
        booking.slot = slot
        _release_locked(slot=slot, booking=booking, status=Booking.Status.EXPIRED, now=now)
    return due


def booking_hold_expire(*, booking_id: int, now: datetime | None = None) -> bool:
    """Ends the hold if it has run out, frees its places and offers them to the waiting list;
    returns whether it did. Running it again, or on a hold confirmed, cancelled or extended
    meanwhile, does nothing. The caller holds no lock."""
    now = now or timezone.now()
    slot_id = Booking.objects.filter(pk=booking_id).values_list("slot_id", flat=True).first()
    if slot_id is None:
        return False
    return _expire_slot(slot_id, now) > 0


def _expire_slot(slot_id: int, now: datetime) -> int:
    with transaction.atomic(durable=True):
        slot = capacity.lock_slot(slot_id)
        expired = _expire_due_locked(slot=slot, now=now)
        if expired:
            waitlist.waitlist_serve_locked(slot=slot, now=now)
            webhooks.availability_changed([slot])
    return len(expired)


def booking_holds_expire_due(*, now: datetime | None = None) -> int:
    """Ends every hold that has run out, slot by slot (one short transaction per slot, under
    its lock), serving each slot's waiting list; returns how many ended. Safe to run from
    several workers at once: a hold is ended once, by whoever locks its slot first."""
    now = now or timezone.now()
    ended = 0
    while True:
        due = (
            Booking.objects.filter(status=Booking.Status.ON_HOLD, hold_expires_at__lte=now)
            .order_by("hold_expires_at", "pk")
            .values_list("pk", "slot_id")[:_SWEEP_BATCH]
        )
        by_slot: dict[int, list[int]] = defaultdict(list)
        for pk, slot_id in due:
            by_slot[slot_id].append(pk)
        if not by_slot:
            return ended
        for slot_id in sorted(by_slot):
            ended += _expire_slot(slot_id, now)


def holds_expire_schedule(when: datetime) -> None:
    """Enqueues the sweep for `when`, inside the transaction that made or moved the hold."""
    holds_expire_task.using(run_after=when).enqueue()


@task
def holds_expire_task() -> int:
    """Scheduled at a hold's deadline; ends that hold and any other that is due."""
    return booking_holds_expire_due()


def holds_sweep_every() -> timedelta:
    """How often the task worker sweeps for holds that ran out whatever their own tasks did:
    with the lease sweeper, every WORKER_SWEEP_SECONDS (booking.apps registers it)."""
    return timedelta(seconds=int(getattr(settings, "WORKER_SWEEP_SECONDS", 60)))
