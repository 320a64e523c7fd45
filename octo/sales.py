"""The OCTO booking flow mapped onto the booking app's services: reserve (a hold), extend,
confirm, cancel. Nothing here decides places: booking.reservations and booking.services
do, under the slot lock. What is OCTO's own (the reseller's uuid, its unit items' uuids,
the cancellation reason) is kept in octo.OctoBooking."""

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from booking import reservations, services
from booking.models import Booking
from core.contact import VisitorData
from octo import catalogue, errors
from octo.models import OctoBooking, Reseller, new_uuid


def octo_bookings(reseller: Reseller) -> QuerySet[OctoBooking]:
    """The reseller's bookings, with what presenting one needs (one query for a list)."""
    return OctoBooking.objects.filter(reseller=reseller).select_related(
        "booking", "booking__slot", "booking__slot__tour", "booking__slot__tour__company"
    )


def octo_booking(reseller: Reseller, uuid: str) -> OctoBooking:
    """The reseller's booking with this uuid, or INVALID_BOOKING_UUID (another reseller's
    uuid is as unknown as one never used)."""
    found = octo_bookings(reseller).filter(uuid=uuid).first()
    if found is None:
        raise errors.invalid_booking(uuid)
    return found


def language_of(locales: list[str] | None) -> str:
    """The first of the contact's locales we speak ("de-DE" is German), else the request's."""
    ours = dict(settings.LANGUAGES)
    for locale in locales or []:
        code = locale.split("-")[0].lower()
        if code in ours:
            return code
    return get_language() or settings.LANGUAGE_CODE


def reserve(
    *,
    reseller: Reseller,
    product_id: str,
    option_id: str,
    availability_id: str,
    unit_items: list[dict],
    uuid: str | None = None,
    minutes: int | None = None,
    notes: str = "",
    reseller_reference: str = "",
    locales: list[str] | None = None,
) -> OctoBooking:
    """POST /bookings: holds one place per unit item until utcExpiresAt. A retry with the same
    uuid returns the same hold; the same uuid for another departure or party is refused."""
    tour = catalogue.product(product_id)
    catalogue.check_option(option_id)
    catalogue.check_units([item["unitId"] for item in unit_items])
    slot = catalogue.slot_for(tour, availability_id)
    uuid = uuid or new_uuid()
    earlier = OctoBooking.objects.filter(reseller=reseller, uuid=uuid).select_related("booking")
    earlier = earlier.first()
    if earlier is not None:
        _check_same(earlier.booking, slot.pk, len(unit_items))
        return octo_booking(reseller, uuid)
    held = reservations.booking_reserve(
        slot_id=slot.pk,
        party_size=len(unit_items),
        channel=Booking.Channel.OCTO,
        minutes=minutes,
        language=language_of(locales),
        reseller_reference=reseller_reference,
        note=notes,
        idempotency_key=f"octo:{reseller.pk}:{uuid}",
    )
    _check_same(held, slot.pk, len(unit_items))
    OctoBooking.objects.get_or_create(
        reseller=reseller,
        uuid=uuid,
        defaults={
            "booking": held,
            "unit_item_uuids": [item.get("uuid") or new_uuid() for item in unit_items],
        },
    )
    return octo_booking(reseller, uuid)


def _check_same(booking: Booking, slot_id: int, party_size: int) -> None:
    if booking.slot_id != slot_id or booking.party_size != party_size:
        raise errors.bad_request(_("This uuid is already used for another booking."))


def confirm(
    *, octo: OctoBooking, contact: dict, reseller_reference: str | None = None
) -> OctoBooking:
    """POST /bookings/{uuid}/confirm: the hold becomes a confirmed booking; the visitor gets
    the usual invitation and the company its notice."""
    name = contact.get("fullName") or " ".join(
        part for part in (contact.get("firstName"), contact.get("lastName")) if part
    )
    visitor = VisitorData(
        name=name or "",
        email=contact.get("emailAddress") or "",
        phone=contact.get("phoneNumber") or "",
        language=language_of(contact.get("locales")),
        note=contact.get("notes") or octo.booking.note,
    )
    reservations.booking_hold_confirm(
        booking=octo.booking, visitor=visitor, reseller_reference=reseller_reference
    )
    return octo_booking(octo.reseller, octo.uuid)


def extend(*, octo: OctoBooking, minutes: int | None) -> OctoBooking:
    reservations.booking_hold_extend(booking=octo.booking, minutes=minutes)
    return octo_booking(octo.reseller, octo.uuid)


def cancel(*, octo: OctoBooking, reason: str = "", now: datetime | None = None) -> OctoBooking:
    """POST /bookings/{uuid}/cancel: a hold is released; a confirmed booking is cancelled as
    the visitor would cancel it, until the tour's cancellation deadline (after it the
    service refuses, which answers UNPROCESSABLE_ENTITY). Cancelling again returns it."""
    booking = octo.booking
    if booking.status in {Booking.Status.CANCELLED, Booking.Status.EXPIRED}:
        return octo
    if booking.status == Booking.Status.ON_HOLD:
        reservations.booking_hold_cancel(booking=booking, now=now)
    else:
        services.booking_cancel(booking=booking, now=now, by_visitor=True)
    if reason:
        OctoBooking.objects.filter(pk=octo.pk).update(cancel_reason=reason[:500])
    return octo_booking(octo.reseller, octo.uuid)
