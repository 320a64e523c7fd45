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
from tours.models import Slot, Tour


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(f"api:{name}", kwargs=kwargs)


def slot_data(slot_id: int, tour_id: int, company_id: int) -> dict:
    return {
        "slot": {"id": slot_id, "url": _url("slot-detail", pk=slot_id)},
        "tour": {"id": tour_id, "url": _url("tour-detail", pk=tour_id)},
        "company": {"id": company_id},
    }


def _company_id(slot: Slot) -> int:
    # The locking services loaded tour and company with the slot; no query in that case.
    if Slot.tour.is_cached(slot):
        return slot.tour.company_id
    return Tour.objects.values_list("company_id", flat=True).get(pk=slot.tour_id)


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


def _emit(event_type: str, data: dict) -> None:
    webhooks.webhook_emit(event_type=event_type, data=data, companies=[data["company"]["id"]])


def booking_created(booking: Booking) -> None:
    if webhooks.nobody_listens(WebhookEventType.BOOKING_CREATED):
        return  # no payload to build (its URLs cost a reverse() each)
    _emit(WebhookEventType.BOOKING_CREATED, _booking_data(booking))


def booking_changed(booking: Booking, *, old_slot_id: int | None = None) -> None:
    if webhooks.nobody_listens(WebhookEventType.BOOKING_CHANGED):
        return
    extra = {}
    if old_slot_id is not None and old_slot_id != booking.slot_id:
        extra["previous_slot"] = {"id": old_slot_id, "url": _url("slot-detail", pk=old_slot_id)}
    _emit(WebhookEventType.BOOKING_CHANGED, _booking_data(booking, **extra))


def booking_cancelled(booking: Booking) -> None:
    if webhooks.nobody_listens(WebhookEventType.BOOKING_CANCELLED):
        return
    _emit(WebhookEventType.BOOKING_CANCELLED, _booking_data(booking))


def availability_changed(slots: Iterable[Slot]) -> None:
    """The free places or the bookability of these departures changed (booked, freed,
    resized, closed, reopened, cancelled, moved, held for an event, created or removed)."""
    if webhooks.nobody_listens(WebhookEventType.AVAILABILITY_CHANGED):
        return
    unique = sorted({slot.pk: slot for slot in slots}.items())
    data = [slot_data(s.pk, s.tour_id, _company_id(s)) for _pk, s in unique]
    webhooks.webhooks_emit(
        event_type=WebhookEventType.AVAILABILITY_CHANGED,
        data=data,
        companies=[[item["company"]["id"]] for item in data],
    )
