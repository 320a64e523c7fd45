"""Every write to bookings goes through here. The capacity rule and its lock live in one place.

Locking contract: a service that makes slots *less* available locks each of those slot rows
once, in primary-key order (`_lock_slots`), inside `transaction.atomic(durable=True)`, and
only then checks availability. Freeing places takes no lock beyond the row update itself.
No network I/O happens inside a transaction: mail is enqueued as task rows that commit with
the booking and are sent by the worker afterwards.
"""

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import errors, notifications
from booking.models import Booking
from tours.models import Slot

MAX_PARTY_SIZE = 500
# Control characters (newlines included) would let a name or phone number break out of a
# mail header or a calendar property; such input is refused, not cleaned behind the user's back.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")
_MAX_ATTEMPTS = 3


@dataclass(frozen=True, kw_only=True)
class VisitorData:
    name: str
    email: str
    phone: str = ""
    organisation: str = ""
    language: str = "da"
    note: str = ""


def visitor_clean(visitor: VisitorData) -> VisitorData:
    """Returns the visitor's details trimmed, or raises VisitorDataInvalid naming the field."""
    name = " ".join(visitor.name.split(" ")).strip()
    if not name:
        raise errors.VisitorDataInvalid(_("Please enter your name."), field="name")
    if len(name) > 120:
        raise errors.VisitorDataInvalid(_("The name is too long."), field="name")
    for field, value in (
        ("name", name),
        ("organisation", visitor.organisation),
        ("phone", visitor.phone),
        ("email", visitor.email),
    ):
        if _CONTROL.search(value):
            raise errors.VisitorDataInvalid(_("Please write this on one line."), field=field)
    email = visitor.email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise errors.VisitorDataInvalid(
            _("Please enter a valid e-mail address."), field="email"
        ) from None
    phone = visitor.phone.strip()
    if phone and not _PHONE.match(phone):
        raise errors.VisitorDataInvalid(_("Please enter a valid phone number."), field="phone")
    if len(visitor.organisation) > 150:
        raise errors.VisitorDataInvalid(
            _("The organisation name is too long."), field="organisation"
        )
    if len(visitor.note) > 2000:
        raise errors.VisitorDataInvalid(_("The note is too long."), field="note")
    language = visitor.language if visitor.language in dict(settings.LANGUAGES) else "da"
    return VisitorData(
        name=name,
        email=email,
        phone=phone,
        organisation=visitor.organisation.strip(),
        language=language,
        note=visitor.note.strip(),
    )


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


def slot_check_bookable(*, slot: Slot, party_size: int, now: datetime) -> None:
    """Raises the BookingError that refuses `party_size` more people on `slot`, if any.

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
    if now >= slot.start - tour.booking_cutoff:
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
    earlier = Booking.objects.filter(idempotency_key=key).first()
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
        slot_check_bookable(slot=slot, party_size=party_size, now=now)
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
    return booking


def booking_cancel(*, booking: Booking, now: datetime | None = None) -> Booking:
    """Cancels the booking, frees its places and enqueues the cancellation notices.

    Raises BookingNotActive if it was already cancelled. Deadlines for visitors are the
    caller's to check (staff may cancel at any time)."""
    with transaction.atomic(durable=True):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != Booking.Status.CONFIRMED:
            raise errors.BookingNotActive()
        Slot.objects.filter(pk=locked.slot_id).update(booked=F("booked") - locked.party_size)
        locked.status = Booking.Status.CANCELLED
        locked.cancelled_at = now or timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["status", "cancelled_at", "sequence", "updated"])
        notifications.booking_cancelled(locked)
    return locked


def booking_cancel_by_visitor(*, booking: Booking, now: datetime | None = None) -> Booking:
    """The visitor cancels their own booking: allowed until the tour's cancellation deadline
    before the start, then refused with CancellationClosed (staff use `booking_cancel`).

    The caller holds no lock. The deadline is read from the booking's slot and tour as loaded."""
    now = now or timezone.now()
    if not booking.is_active:
        raise errors.BookingNotActive()
    slot = booking.slot
    if now >= slot.start - slot.tour.cancellation_deadline:
        raise errors.CancellationClosed()
    return booking_cancel(booking=booking, now=now)
