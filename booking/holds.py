"""Slot holds: a slot closed to visitors on behalf of someone other than its company, such as
an event stop that needs the company's time. Any app above may hold and release slots
through these two services; none writes a slot's status itself.

A holder is named by a string key of its own choosing, "<app_label>.<model>:<pk>" by
convention ("events.stop:12"). Holding closes each scheduled slot and records the hold;
releasing reopens exactly the slots that holder closed (never one the company closed
itself) and offers their free places to the waiting list. Both take the slot locks, in
primary-key order (booking.capacity.lock_slots), and must run inside the caller's
transaction, after any locks of the caller's own rows (events lock the event, then the
host companies, then slots).
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from booking import capacity, errors, waitlist, webhooks
from booking.models import SlotHold
from tours import supply
from tours.models import Slot


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("slot holds change inside the caller's transaction")


def slot_hold(*, slot_ids: Iterable[int], holder: str) -> list[Slot]:
    """Closes these slots to visitors for `holder`; returns the slots it closed.

    A slot already closed by its company stays closed and is not recorded as held, so a
    release cannot reopen it; a cancelled slot is left alone. Raises SlotHasBookings, with
    nothing written, if a slot has places booked or held for a waiting-list offer, and
    SlotHeldByEvent if another holder holds it. Locks the slots itself."""
    _require_transaction()
    locked = capacity.lock_slots(slot_ids)
    others = dict(
        SlotHold.objects.filter(slot_id__in=locked)
        .exclude(holder=holder)
        .values_list("slot_id", "holder")
    )
    if others:
        raise errors.SlotHeldByEvent()
    if any(slot.booked for slot in locked.values()):
        raise errors.SlotHasBookings()
    closing = [s for s in locked.values() if s.status == Slot.Status.SCHEDULED]
    for slot in closing:
        slot.status = Slot.Status.CLOSED
    Slot.objects.bulk_update(closing, ["status"])
    supply.changed(slot.tour_id for slot in closing)  # bulk_update sends no post_save
    SlotHold.objects.bulk_create(
        [SlotHold(slot=slot, holder=holder) for slot in closing], ignore_conflicts=True
    )
    webhooks.availability_changed(closing)
    return closing


def slot_release(*, holder: str, now: datetime, serve_waitlist: bool = True) -> list[Slot]:
    """Reopens every slot `holder` holds and forgets the holds; returns the slots reopened.

    With `serve_waitlist` the reopened slots' free places go to their waiting lists under
    the same locks, before any walk-in; a caller that may hold the same slots again in the
    same transaction passes False and serves them afterwards (`waitlists_serve`). Locks the
    slots itself."""
    _require_transaction()
    held = list(SlotHold.objects.filter(holder=holder).values_list("slot_id", flat=True))
    if not held:
        return []
    locked = capacity.lock_slots(held)
    reopened = [s for s in locked.values() if s.status == Slot.Status.CLOSED]
    for slot in reopened:
        slot.status = Slot.Status.SCHEDULED
    Slot.objects.bulk_update(reopened, ["status"])
    supply.changed(slot.tour_id for slot in reopened)  # bulk_update sends no post_save
    SlotHold.objects.filter(holder=holder).delete()
    if serve_waitlist:
        for slot in reopened:
            waitlist.waitlist_serve_locked(slot=slot, now=now)
    webhooks.availability_changed(reopened)
    return reopened


def waitlists_serve(*, slot_ids: Iterable[int], now: datetime) -> None:
    """Offers the free places of these slots to their waiting lists (the open ones only),
    under their locks, inside the caller's transaction."""
    _require_transaction()
    for slot in capacity.lock_slots(slot_ids).values():
        waitlist.waitlist_serve_locked(slot=slot, now=now)


def slot_holders(slot_ids: Iterable[int]) -> dict[int, str]:
    """Who holds which of these slots (slot id -> holder), in one query."""
    return dict(
        SlotHold.objects.filter(slot_id__in=list(slot_ids)).values_list("slot_id", "holder")
    )


def held_slot_ids(holder: str) -> list[int]:
    return list(SlotHold.objects.filter(holder=holder).values_list("slot_id", flat=True))
