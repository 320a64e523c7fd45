"""Our objects as OCTO's JSON (the shapes of octo/schemas/, which the tests validate every
response against). Pure functions of loaded objects: no queries, no decisions."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import get_language

from booking import checkin, services
from booking.models import Booking
from octo import catalogue
from octo.models import OctoBooking
from tours.models import Tour

_STATUS = {
    Booking.Status.ON_HOLD: "ON_HOLD",
    Booking.Status.CONFIRMED: "CONFIRMED",
    Booking.Status.CANCELLED: "CANCELLED",
    Booking.Status.EXPIRED: "EXPIRED",
}
# We confirm at once and hand out one QR code per booking, scanned by the farm's staff.
DELIVERY_FORMATS = ["QRCODE"]
DELIVERY_METHODS = ["VOUCHER"]
REQUIRED_CONTACT_FIELDS = ["firstName", "lastName", "emailAddress"]


def supplier() -> dict:
    site = settings.SITE_URL
    return {
        "id": "klyngebesog",
        "name": "Klyngebesøg",
        "endpoint": f"{site}/octo",
        "contact": {
            "website": site,
            "email": getattr(settings, "OCTO_SUPPLIER_EMAIL", "") or None,
            "telephone": getattr(settings, "OCTO_SUPPLIER_PHONE", "") or None,
            "address": None,
        },
    }


def capabilities() -> list[dict]:
    """The optional OCTO capabilities we implement (octo.api.SUPPORTED_CAPABILITIES)."""
    return [
        {
            "id": "octo/pricing",
            "revision": 1,
            "required": False,
            "dependencies": [],
            "docs": None,
        }
    ]


def _cutoff(duration: timedelta) -> tuple[int, str]:
    minutes = int(duration.total_seconds() // 60)
    if minutes % (24 * 60) == 0 and minutes:
        return minutes // (24 * 60), "day"
    if minutes % 60 == 0 and minutes:
        return minutes // 60, "hour"
    return minutes, "minute"


def _unit(tour: Tour, pricing: bool) -> dict:
    unit = {
        "id": catalogue.UNIT_ID,
        "internalName": "Person",
        "reference": None,
        "type": "ADULT",
        "restrictions": {
            "minAge": 0,
            "maxAge": 120,
            "idRequired": False,
            "minQuantity": None,
            "maxQuantity": None,
            "paxCount": 1,
            "accompaniedBy": [],
        },
        "requiredContactFields": [],
    }
    if pricing and not catalogue.per_booking(tour):
        unit["pricingFrom"] = [catalogue.money(tour.price)]
    return unit


def option(tour: Tour, start_times: list[str], *, pricing: bool = False) -> dict:
    amount, unit = _cutoff(tour.cancellation_deadline)
    smallest, largest = catalogue.party_limits(tour)
    found = {
        "id": catalogue.OPTION_ID,
        "default": True,
        "internalName": tour.title,
        "reference": None,
        "availabilityLocalStartTimes": start_times,
        "cancellationCutoff": f"{amount} {unit}{'s' if amount != 1 else ''}",
        "cancellationCutoffAmount": amount,
        "cancellationCutoffUnit": unit,
        "requiredContactFields": REQUIRED_CONTACT_FIELDS,
        "restrictions": {"minUnits": smallest, "maxUnits": largest},
        "units": [_unit(tour, pricing)],
    }
    if pricing and catalogue.per_booking(tour):
        found["pricingFrom"] = [catalogue.money(tour.price)]
    return found


def product(tour: Tour, start_times: list[str], *, pricing: bool = False) -> dict:
    found = {
        "id": str(tour.pk),
        "internalName": f"{tour.title} ({tour.company.name})",
        "reference": tour.company.slug,
        "locale": get_language() or settings.LANGUAGE_CODE,
        "timeZone": catalogue.TIME_ZONE,
        "allowFreesale": False,
        "instantConfirmation": True,
        "instantDelivery": True,
        "availabilityRequired": True,
        "availabilityType": "START_TIME",
        "deliveryFormats": DELIVERY_FORMATS,
        "deliveryMethods": DELIVERY_METHODS,
        "redemptionMethod": "DIGITAL",
        # A group visit is priced for the whole group, an open tour per person.
        "pricingPer": "BOOKING" if tour.price_per == Tour.PricePer.GROUP else "UNIT",
        "options": [option(tour, start_times, pricing=pricing)],
    }
    if pricing:
        found["defaultCurrency"] = catalogue.CURRENCY
        found["availableCurrencies"] = [catalogue.CURRENCY]
    return found


def contact(booking: Booking) -> dict:
    first, _sep, last = booking.name.partition(" ")
    return {
        "fullName": booking.name or None,
        "firstName": first or None,
        "lastName": last or None,
        "emailAddress": booking.email or None,
        "phoneNumber": booking.phone or None,
        "locales": [booking.language] if booking.email else [],
        "postalCode": None,
        "country": None,
        "notes": booking.note or None,
    }


def _ticket(booking: Booking) -> dict | None:
    if booking.status != Booking.Status.CONFIRMED:
        return None
    return {
        "redemptionMethod": "DIGITAL",
        "utcRedeemedAt": catalogue.utc(booking.checked_in_at),
        "deliveryOptions": [
            {"deliveryFormat": "QRCODE", "deliveryValue": checkin.checkin_url(booking)}
        ],
    }


def _cancellable(booking: Booking, now: datetime) -> bool:
    if booking.status == Booking.Status.ON_HOLD:
        return True
    if booking.status != Booking.Status.CONFIRMED or booking.checked_in_at is not None:
        return False
    return now < services.booking_change_deadline(booking)


def booking(octo: OctoBooking, *, now: datetime, pricing: bool = False) -> dict:
    """The OCTO Booking (with octo/pricing: its total, and each unit's price when priced per
    person). The caller loaded octo.booking with its slot, tour and company."""
    held = octo.booking
    slot = held.slot
    status = _STATUS.get(held.status, "CANCELLED")
    if held.status == Booking.Status.CONFIRMED and held.checked_in_at is not None:
        status = "REDEEMED"
    person = contact(held)
    uuids = octo.unit_item_uuids or []
    found = {
        "id": held.reference,
        "uuid": octo.uuid,
        "testMode": False,
        "resellerReference": held.reseller_reference or None,
        "supplierReference": held.display_reference,
        "status": status,
        "utcCreatedAt": catalogue.utc(held.created),
        "utcUpdatedAt": catalogue.utc(held.updated),
        "utcExpiresAt": catalogue.utc(held.hold_expires_at)
        if held.status == Booking.Status.ON_HOLD
        else None,
        "utcRedeemedAt": catalogue.utc(held.checked_in_at),
        "utcConfirmedAt": catalogue.utc(held.confirmed_at),
        "productId": str(slot.tour_id),
        "optionId": catalogue.OPTION_ID,
        "cancellable": _cancellable(held, now),
        "cancellation": {
            "refund": "FULL",
            "reason": octo.cancel_reason or None,
            "utcCancelledAt": catalogue.utc(held.cancelled_at),
        }
        if held.status == Booking.Status.CANCELLED
        else None,
        "freesale": False,
        "availabilityId": catalogue.availability_id(slot),
        "availability": catalogue.availability(slot, now=now, pricing=pricing),
        "contact": person,
        "notes": held.note or None,
        "deliveryMethods": DELIVERY_METHODS,
        "voucher": _ticket(held),
        "unitItems": [
            {
                "uuid": uuids[n] if n < len(uuids) else f"{octo.uuid}-{n + 1}",
                "resellerReference": None,
                "supplierReference": None,
                "unitId": catalogue.UNIT_ID,
                "status": status,
                "utcRedeemedAt": catalogue.utc(held.checked_in_at),
                "contact": person,
                "ticket": None,
            }
            for n in range(held.party_size)
        ],
    }
    if pricing:
        # The price the booking was made at (tours.pricing): a later change of the tour's
        # price does not change what the reseller's customer was sold.
        price = held.pricing
        each = catalogue.money(price.amount)
        if price.per_group:
            found["pricing"] = each
        else:
            found["pricing"] = catalogue.money(held.total)
            for item in found["unitItems"]:
                item["pricing"] = each
    return found
