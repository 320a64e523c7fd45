"""Participant places of an event: register, cancel, change the number of places.

An event's places are as scarce as a slot's, so they follow the same rule: the event row is
the lock (select_for_update, once), the check and the write of `Event.registered` happen
under it, inside one durable transaction. Waiting participants are admitted first-fit in
order of arrival whenever places open up, so no waiting party ever fits in the places left.
See docs/events.md.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from booking.errors import PartySizeInvalid
from core.contact import MAX_PARTY_SIZE, VisitorData, visitor_clean
from events import errors, notifications, webhooks
from events.models import Event, Registration


def _lock_event(event_id: int) -> Event | None:
    return Event.objects.select_for_update(of=("self",)).filter(pk=event_id).first()


def registration_create(
    *,
    event_id: int,
    visitor: VisitorData,
    party_size: int,
    waiting_list: bool = True,
    now: datetime | None = None,
) -> Registration:
    """Registers `party_size` people for the event, or puts them on its waiting list when
    the places left are too few and `waiting_list` is true. Enqueues the invitation (or the
    waiting-list notice). Raises an EventError with nothing written when refused.
    The caller holds no lock and is not inside a transaction; this takes the event lock."""
    visitor = visitor_clean(visitor)
    now = now or timezone.now()
    if party_size < 1 or party_size > MAX_PARTY_SIZE:
        raise PartySizeInvalid(field="party_size")
    with transaction.atomic(durable=True):
        event = _lock_event(event_id)
        if event is None or event.status == Event.Status.DRAFT:
            raise errors.EventNotOpen()
        if event.status == Event.Status.CANCELLED:
            raise errors.EventCancelled()
        if now >= event.registration_deadline:
            raise errors.RegistrationClosed()
        fits = party_size <= event.capacity - event.registered
        if not fits and not waiting_list:
            raise errors.EventFull()
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
            notifications.registration_confirmed(registration)
            webhooks.event_changed(event)
        else:
            notifications.registration_waiting(registration)
    return registration


def registration_cancel(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Cancels the registration (confirmed or waiting), frees its places and admits waiting
    participants who now fit. Raises RegistrationNotActive if already cancelled."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        event = _lock_event(registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == Registration.Status.CANCELLED:
            raise errors.RegistrationNotActive()
        if locked.status == Registration.Status.CONFIRMED:
            event.registered -= locked.party_size
            event.save(update_fields=["registered"])
        locked.status = Registration.Status.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        notifications.registration_cancelled(locked)
        _admit_waiting(event, now)
        if locked.confirmed_at is not None:
            webhooks.event_changed(event)
    return locked


def event_capacity_change(*, event_id: int, capacity: int, now: datetime | None = None) -> Event:
    """Sets the event's participant places; never below the places registered. More
    places admit waiting participants. Returns the event."""
    with transaction.atomic(durable=True):
        event = _lock_event(event_id)
        if capacity < max(event.registered, 1):
            raise errors.CapacityBelowRegistered(field="capacity")
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated"])
        _admit_waiting(event, now or timezone.now())
        webhooks.event_changed(event)
    return event


def _admit_waiting(event: Event, now: datetime) -> None:
    """First fit, in order of arrival. The caller holds the event lock."""
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
        notifications.registration_confirmed(registration, admitted=True)
    event.save(update_fields=["registered"])
