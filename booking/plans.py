"""Several departures booked together for one party, every visit or none: a visitor's day
at several farms (the dayplan app's "book the whole plan").

The same lock and the same rule as every booking (booking.services): inside one
`transaction.atomic(durable=True)` every slot of the plan is locked once, in primary-key
order (`capacity.lock_slots`), so a plan can never deadlock a single booking, a change or
another plan; then each visit takes `services.booking_write_locked`, the very step of
`booking_create` (the bookable rule, the visitor's limits, the places, the row). The first
refusal raises PlanVisitRefused naming that visit and rolls the whole transaction back:
no booking, no place, no mail. When all pass, the visitor's one confirmation (one mail,
one calendar file with an event per visit) and each company's notice of its own visit
are written to the outbox in the same transaction.

Each visit is an ordinary booking afterwards, with its own reference, secret link and
calendar UID: changed, moved or cancelled on its own, and seen only by its own company.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from booking import capacity, errors, notifications, services, webhooks
from booking.models import Booking
from core.contact import VisitorData, visitor_clean
from core.errors import DomainError
from core.formats import format_when
from tours.models import Slot

# The most visits one plan may book at once: a day has room for a handful of farms.
MAX_VISITS = 6


def visit_name(slot: Slot) -> str:
    """How a refusal names the visit: "Jordbærtur (Lolle Frugt), lørdag 11. juli 2026, 10:00"."""
    return f"{slot.tour.title} ({slot.tour.company.name}), {format_when(slot.start)}"


def _fingerprint(slot_ids: Sequence[int], party_size: int, visitor: VisitorData) -> str:
    payload = json.dumps(["plan", sorted(slot_ids), party_size, asdict(visitor)], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _keys(idempotency_key: str, slot_ids: Sequence[int]) -> dict[int, str]:
    return {slot_id: f"{idempotency_key}:{slot_id}" for slot_id in slot_ids}


def _earlier(keys: dict[int, str], fingerprint: str) -> list[Booking] | None:
    """The bookings an earlier submission of the same plan made, or None. All or none of
    them exist, since they were written in one transaction."""
    earlier = list(
        Booking.objects.select_related("slot", "slot__tour", "slot__tour__company")
        .filter(idempotency_key__in=list(keys.values()))
        .order_by("slot__start", "pk")
    )
    if not earlier:
        return None
    if len(earlier) != len(keys) or any(b.request_fingerprint != fingerprint for b in earlier):
        raise errors.IdempotencyKeyReused()
    return earlier


def bookings_create_together(
    *,
    slot_ids: Sequence[int],
    visitor: VisitorData,
    party_size: int,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> list[Booking]:
    """Books `party_size` places for the visitor on every slot of `slot_ids`, or none.

    Returns the bookings in the order of the day (by start). With an `idempotency_key`
    (the plan form's submission id), a repeated submission of the same plan returns the
    first one's bookings, and the key with another plan is refused (IdempotencyKeyReused).
    Raises PlanEmpty, PlanTooLong, ContactInvalid, or PlanVisitRefused naming the first
    visit refused (its `cause` is the refusal booking_create would have given), with nothing
    written. The caller holds no lock and is not inside a transaction."""
    visitor = visitor_clean(visitor)
    ids = list(dict.fromkeys(int(slot_id) for slot_id in slot_ids))
    if not ids:
        raise errors.PlanEmpty()
    if len(ids) > MAX_VISITS:
        raise errors.PlanTooLong(MAX_VISITS)
    fingerprint = _fingerprint(ids, party_size, visitor)
    keys = _keys(idempotency_key, ids) if idempotency_key else {}
    return services.idempotent_write(
        lambda: _insert_all(
            slot_ids=ids,
            visitor=visitor,
            party_size=party_size,
            keys=keys,
            fingerprint=fingerprint,
            now=now or timezone.now(),
        ),
        earlier=(lambda: _earlier(keys, fingerprint)) if keys else None,
    )


def _insert_all(
    *,
    slot_ids: list[int],
    visitor: VisitorData,
    party_size: int,
    keys: dict[int, str],
    fingerprint: str,
    now: datetime,
) -> list[Booking]:
    with transaction.atomic(durable=True):
        slots = capacity.lock_slots(slot_ids)
        missing = [slot_id for slot_id in slot_ids if slot_id not in slots]
        if missing:
            cause = errors.SlotNotFound()
            raise errors.PlanVisitRefused(
                visit=_("One of the visits"), slot_id=missing[0], cause=cause
            )
        bookings = []
        # In the order of the day, so the first refusal named is the first visit it concerns.
        for slot in sorted(slots.values(), key=lambda s: (s.start, s.pk)):
            try:
                booking = services.booking_write_locked(
                    slot=slot,
                    visitor=visitor,
                    party_size=party_size,
                    source=Booking.Source.ONLINE,
                    channel=Booking.Channel.WEB,
                    origin="",
                    idempotency_key=keys.get(slot.pk),
                    fingerprint=fingerprint,
                    now=now,
                )
            except DomainError as error:
                # Raised inside the atomic block: every visit written before it is undone.
                raise errors.PlanVisitRefused(
                    visit=visit_name(slot), slot_id=slot.pk, cause=error
                ) from error
            bookings.append(booking)
        notifications.plan_confirmed(bookings)
        webhooks.availability_changed(list(slots.values()))
    return bookings
