"""What partners hear of booking changes (notify.webhooks, docs/webhooks.md): booking
created / changed / cancelled and a departure's availability changed. Thin payloads: ids
and the API URLs to fetch the current state, never a visitor's name or address.

Same contract as booking.notifications: call inside the transaction of the change, so the
event commits or rolls back with it. The services call `availability_changed` once per
change, after the waiting list was served, so one change is one event per departure.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from booking.models import Booking
from notify import webhooks
from notify.models import WebhookEventType
from tours.models import Slot


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(f"api:{name}", kwargs=kwargs)


def slot_data(slot_id: int, tour_id: int, company_id: int | None = None) -> dict:
    data = {
        "slot": {"id": slot_id, "url": _url("slot-detail", pk=slot_id)},
        "tour": {"id": tour_id, "url": _url("tour-detail", pk=tour_id)},
    }
    if company_id is not None:
        data["company"] = {"id": company_id}
    return data


def _company_id(slot: Slot) -> int | None:
    # The locking services loaded tour and company with the slot; no query in that case.
    return slot.tour.company_id if Slot.tour.is_cached(slot) else None


def _booking_data(booking: Booking, **extra) -> dict:
    slot = booking.slot
    return {
        "booking": {
            "reference": booking.reference,
            # Staff of the company (and partners they give a token) read it here.
            "url": _url("staff-booking-detail", reference=booking.reference),
        },
        **slot_data(slot.pk, slot.tour_id, _company_id(slot)),
        **extra,
    }


def booking_created(booking: Booking) -> None:
    webhooks.webhook_emit(event_type=WebhookEventType.BOOKING_CREATED, data=_booking_data(booking))


def booking_changed(booking: Booking, *, old_slot_id: int | None = None) -> None:
    extra = {}
    if old_slot_id is not None and old_slot_id != booking.slot_id:
        extra["previous_slot"] = {"id": old_slot_id, "url": _url("slot-detail", pk=old_slot_id)}
    webhooks.webhook_emit(
        event_type=WebhookEventType.BOOKING_CHANGED, data=_booking_data(booking, **extra)
    )


def booking_cancelled(booking: Booking) -> None:
    webhooks.webhook_emit(
        event_type=WebhookEventType.BOOKING_CANCELLED, data=_booking_data(booking)
    )


def availability_changed(slots: Iterable[Slot]) -> None:
    """The free places or the bookability of these departures changed (booked, freed,
    resized, closed, reopened, cancelled, moved, held for an event, created or removed)."""
    unique = {slot.pk: slot for slot in slots}
    webhooks.webhooks_emit(
        event_type=WebhookEventType.AVAILABILITY_CHANGED,
        data=[slot_data(s.pk, s.tour_id, _company_id(s)) for _pk, s in sorted(unique.items())],
    )
