"""The waiting list: visitors queue for a full slot; freed places are offered in order.

Places offered are held by counting them in `Slot.booked` under the slot's lock, exactly as
a booking would (docs/waitlist.md explains the choice). So every availability check in the
system already leaves them out, a freed place can be promised only once, and accepting an
offer turns the held places into the booking's without touching `Slot.booked` again.

Lock order, as in booking.services: the slot first, then waiting-list and booking rows.
"""

from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from booking import capacity, errors, notifications, webhooks
from booking.models import Booking, WaitlistEntry
from core.contact import VisitorData, visitor_clean
from tours.models import Slot


def waitlist_offer_hours() -> int:
    return int(getattr(settings, "WAITLIST_OFFER_HOURS", 12))


def waitlist_join(
    *,
    slot_id: int,
    visitor: VisitorData,
    party_size: int,
    now: datetime | None = None,
) -> WaitlistEntry:
    """Puts the visitor at the end of the slot's waiting list and mails them their link.

    Raises WaitlistNotNeeded when the party fits now (book instead), PartyLargerThanSlot when
    it never could, AlreadyOnWaitlist when this e-mail address already waits for the slot, or
    the BookingError that makes the slot unbookable for other reasons (closed, past the
    cut-off, party size)."""
    now = now or timezone.now()
    visitor = visitor_clean(visitor)
    with transaction.atomic(durable=True):
        slot = capacity.lock_slot(slot_id)
        _check_may_wait(slot=slot, party_size=party_size, now=now)
        capacity.check_party_limit(slot, party_size, Booking.Source.ONLINE)
        duplicate = WaitlistEntry.objects.filter(
            slot=slot,
            email__iexact=visitor.email,
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        )
        if duplicate.exists():
            raise errors.AlreadyOnWaitlist()
        entry = WaitlistEntry.objects.create(slot=slot, party_size=party_size, **asdict(visitor))
        notifications.waitlist_joined(entry)
    return entry


def _check_may_wait(*, slot: Slot, party_size: int, now: datetime) -> None:
    """Raises unless the party is refused only for want of places (the caller holds the lock)."""
    try:
        capacity.slot_check_bookable(slot=slot, party_size=party_size, now=now)
    except (errors.SlotFull, errors.NotEnoughPlaces, errors.SlotTaken):
        if capacity.waitlist_fits(slot, party_size):
            return
        if slot.tour.is_group:
            raise errors.PartySizeInvalid(field="party_size") from None
        raise errors.PartyLargerThanSlot(slot.capacity) from None
    raise errors.WaitlistNotNeeded()


def waitlist_leave(*, entry: WaitlistEntry, now: datetime | None = None) -> WaitlistEntry:
    """Takes the entry off the list. Places held for its offer are freed and offered to the
    next in line. Raises WaitlistEntryNotActive if it was already accepted, expired or left."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot = capacity.lock_slots([entry.slot_id])[entry.slot_id]
        locked = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if not locked.is_active:
            raise errors.WaitlistEntryNotActive()
        freed = locked.status == WaitlistEntry.Status.OFFERED
        _close_entry(locked, slot, WaitlistEntry.Status.LEFT)
        waitlist_serve_locked(slot=slot, now=now)
        if freed:
            webhooks.availability_changed([slot])
    return locked


def _close_entry(entry: WaitlistEntry, slot: Slot, status: str) -> None:
    """Ends an active entry, freeing the places its offer held. The caller holds both locks."""
    if entry.status == WaitlistEntry.Status.OFFERED:
        slot.booked -= entry.party_size
        capacity.places_save(slot)
    entry.status = status
    entry.save(update_fields=["status", "updated"])


def waitlist_end_for_slot_locked(*, slot: Slot) -> list[WaitlistEntry]:
    """Ends every active entry of a slot that is being cancelled and tells each visitor.

    Places held by offers are freed from `slot.booked` (the caller saves the slot). The caller
    is inside the transaction that cancels the slot and holds the slot's lock; the entries are
    locked here, after the slot, as everywhere else. Returns the entries ended."""
    entries = list(
        WaitlistEntry.objects.select_for_update()
        .filter(slot=slot, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED])
        .order_by("created", "pk")
    )
    for entry in entries:
        if entry.status == WaitlistEntry.Status.OFFERED:
            slot.booked -= entry.party_size
        entry.status = WaitlistEntry.Status.SLOT_CANCELLED
        entry.save(update_fields=["status", "updated"])
        notifications.waitlist_slot_cancelled(entry)
    return entries


def waitlist_slot_moved_locked(*, slot: Slot, now: datetime) -> list[WaitlistEntry]:
    """Brings the slot's waiting list in line with its new time, after a move.

    Each active entry is told the new time. An offer never holds past the slot's (new) booking
    cut-off: a later deadline is shortened, with a new expiry task at the shorter time (the old
    task then finds the offer gone or answered and does nothing); an offer whose shortened
    deadline has already passed ends now and its places are freed (the caller saves the slot,
    then serves the list). The caller holds the slot's lock inside the move's transaction.
    Returns the entries told."""
    closes = capacity.booking_closes_at(slot)
    entries = list(
        WaitlistEntry.objects.select_for_update()
        .filter(slot=slot, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED])
        .order_by("created", "pk")
    )
    for entry in entries:
        if entry.status == WaitlistEntry.Status.OFFERED and entry.offered_until > closes:
            if closes <= now:
                slot.booked -= entry.party_size
                entry.status = WaitlistEntry.Status.EXPIRED
                entry.save(update_fields=["status", "updated"])
                notifications.waitlist_expired(entry)
                continue
            entry.offered_until = closes
            entry.save(update_fields=["offered_until", "updated"])
            waitlist_expiry_schedule(entry)
        notifications.waitlist_slot_moved(entry)
    return entries


def waitlist_offer_next(*, slot_id: int, now: datetime | None = None) -> list[WaitlistEntry]:
    """Offers the slot's free places to its waiting list, in order; returns the new offers.

    Run it whenever places may have freed up outside the booking services, e.g. after
    staff raised the capacity. The caller holds no lock; this takes the slot lock."""
    with transaction.atomic(durable=True):
        slot = capacity.lock_slots([slot_id]).get(slot_id)
        if slot is None:
            return []
        offers = waitlist_serve_locked(slot=slot, now=now or timezone.now())
        if offers:
            webhooks.availability_changed([slot])
        return offers


def waitlist_serve_locked(*, slot: Slot, now: datetime) -> list[WaitlistEntry]:
    """Offers free places to waiting entries in order of joining: each entry that fits gets
    an offer holding its places until `offered_until`; an entry too big for what is free
    keeps its turn for later. Returns the entries offered.

    The caller is inside a transaction and holds `slot`'s lock, and `slot` is the locked
    instance: its `booked` is written from that value."""
    tour = slot.tour
    if not capacity.is_bookable(slot, now=now):
        return []
    closes = capacity.booking_closes_at(slot)
    waiting = WaitlistEntry.objects.select_for_update().filter(
        slot=slot, status=WaitlistEntry.Status.WAITING
    )
    until = min(now + timedelta(hours=waitlist_offer_hours()), closes)
    offered = []
    for entry in waiting.order_by("created", "pk"):
        if entry.party_size > slot.available:
            continue
        slot.booked += entry.party_size
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offered_until = until
        entry.save(update_fields=["status", "offered_until", "updated"])
        notifications.waitlist_offered(entry)
        waitlist_expiry_schedule(entry)
        offered.append(entry)
        if tour.is_group or slot.available == 0:
            break
    if offered:
        capacity.places_save(slot)
    return offered


def waitlist_accept(*, entry: WaitlistEntry, now: datetime | None = None) -> Booking:
    """Turns the entry's offer into a confirmed booking of the places it holds.

    Raises OfferExpired after `offered_until` (the places then pass to the next in line, and
    that is committed), WaitlistEntryNotActive for an entry that holds no offer, or the
    BookingError of a slot cancelled or closed since the offer."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot = capacity.lock_slots([entry.slot_id])[entry.slot_id]
        locked = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != WaitlistEntry.Status.OFFERED:
            raise errors.WaitlistEntryNotActive()
        expired = now >= locked.offered_until
        if expired:
            _close_entry(locked, slot, WaitlistEntry.Status.EXPIRED)
            waitlist_serve_locked(slot=slot, now=now)
        else:
            booking = _book_held_places(locked, slot, now)
    if expired:
        raise errors.OfferExpired()
    return booking


def _book_held_places(entry: WaitlistEntry, slot: Slot, now: datetime) -> Booking:
    if slot.status == Slot.Status.CANCELLED:
        raise errors.SlotCancelled()
    if slot.status == Slot.Status.CLOSED or not slot.tour.published:
        raise errors.SlotClosed()
    if now >= slot.start:
        raise errors.SlotInPast()
    # The places are already counted in slot.booked: they were held by the offer.
    booking = Booking.objects.create(
        slot=slot,
        party_size=entry.party_size,
        source=Booking.Source.ONLINE,
        confirmed_at=now,
        name=entry.name,
        email=entry.email,
        phone=entry.phone,
        organisation=entry.organisation,
        language=entry.language,
        note=entry.note,
    )
    entry.status = WaitlistEntry.Status.ACCEPTED
    entry.booking = booking
    entry.save(update_fields=["status", "booking", "updated"])
    notifications.booking_confirmed(booking)
    return booking


def waitlist_expiry_schedule(entry: WaitlistEntry) -> None:
    """Ends the offer when it runs out (inside the offer's transaction); a task left from a
    later deadline finds the offer answered, gone or not yet due, and does nothing."""
    waitlist_expire_task.using(run_after=entry.offered_until).enqueue(entry_id=entry.pk)


@task
def waitlist_expire_task(*, entry_id: int) -> None:
    """Scheduled at the offer's end; passes unanswered places to the next in line."""
    waitlist_expire(entry_id=entry_id)


def waitlist_expire(*, entry_id: int, now: datetime | None = None) -> bool:
    """Ends the entry's offer if it is still open after `offered_until` and passes the places
    to the next in line; returns whether it did. Run by the task scheduled with the offer;
    running it again, or after the offer was answered, does nothing."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        slot_id = WaitlistEntry.objects.filter(pk=entry_id).values_list("slot_id", flat=True)
        slot_id = slot_id.first()
        if slot_id is None:
            return False
        slot = capacity.lock_slots([slot_id])[slot_id]
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry_id)
        if entry.status != WaitlistEntry.Status.OFFERED or now < entry.offered_until:
            return False
        _close_entry(entry, slot, WaitlistEntry.Status.EXPIRED)
        notifications.waitlist_expired(entry)
        waitlist_serve_locked(slot=slot, now=now)
        webhooks.availability_changed([slot])
    return True
