"""OCTO's documented booking flows against the real services: reserve → confirm, reserve →
expire, reserve → cancel, confirm → cancel, sold out, invalid ids, idempotent retries,
and the reseller's own bookings only. Every answer is validated against the schemas."""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from booking import reservations
from booking.models import Booking, MailKind
from tests.factories import SlotFactory, TourFactory, book
from tests.octo.conftest import OctoClient, assert_octo, assert_octo_error
from tests.outbox import mails_about
from tours.models import Slot

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
CONTACT = {
    "fullName": "Jonas Becker",
    "emailAddress": "jonas@example.de",
    "phoneNumber": "+49 30 1234567",
    "locales": ["de-DE", "en"],
}


def _reserve(octo, slot, people=2, **extra):
    body = {
        "uuid": str(uuid.uuid4()),
        "productId": str(slot.tour_id),
        "optionId": "DEFAULT",
        "availabilityId": slot.start.astimezone(CPH).isoformat(),
        "unitItems": [{"unitId": "person"} for _ in range(people)],
        **extra,
    }
    return body, octo.post("bookings", body)


def _ok(response) -> dict:
    assert response.status_code == 200, response.content
    body = response.json()
    assert_octo(body, "Booking")
    return body


def _slot(**kwargs) -> Slot:
    return SlotFactory(**kwargs)


def test_reserve_then_confirm(octo):
    slot = _slot(capacity=10)
    asked, response = _reserve(octo, slot, 3, resellerReference="VL-1", expirationMinutes=15)
    held = _ok(response)
    assert held["uuid"] == asked["uuid"] and held["status"] == "ON_HOLD"
    assert held["utcExpiresAt"] is not None and held["resellerReference"] == "VL-1"
    assert len(held["unitItems"]) == 3 and held["availability"]["vacancies"] == 7
    booking = Booking.objects.get()
    assert (booking.status, booking.channel) == (Booking.Status.ON_HOLD, Booking.Channel.OCTO)
    assert Slot.objects.get(pk=slot.pk).booked == 3
    assert not mails_about(booking).exists()

    confirmed = _ok(octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT}))
    assert confirmed["status"] == "CONFIRMED" and confirmed["utcExpiresAt"] is None
    assert confirmed["contact"]["emailAddress"] == "jonas@example.de"
    assert confirmed["voucher"]["deliveryOptions"][0]["deliveryFormat"] == "QRCODE"
    booking.refresh_from_db()
    assert (booking.name, booking.language) == ("Jonas Becker", "de")
    kinds = set(mails_about(booking).values_list("kind", flat=True))
    assert kinds == {MailKind.CONFIRMED, MailKind.COMPANY_NEW}
    # Reading it back, and finding it by each filter.
    assert _ok(octo.get(f"bookings/{asked['uuid']}"))["status"] == "CONFIRMED"
    day = slot.start.astimezone(CPH).date().isoformat()
    for params in (
        {"resellerReference": "VL-1"},
        {"supplierReference": booking.display_reference},
        {"localDate": day},
        {"localDateStart": day, "localDateEnd": day},
        {"productId": str(slot.tour_id)},
    ):
        listed = octo.get("bookings", params)
        assert listed.status_code == 200, (params, listed.content)
        assert_octo(listed.json(), "Booking", many=True)
        assert [b["uuid"] for b in listed.json()] == [asked["uuid"]], params
    assert octo.get("bookings", {"resellerReference": "other"}).json() == []
    assert_octo_error(octo.get("bookings"), "BAD_REQUEST")


def test_reserve_then_expire_frees_the_places(octo):
    slot = _slot(capacity=2)
    asked, response = _reserve(octo, slot, 2)
    held = _ok(response)
    _body, refused = _reserve(octo, slot, 1)
    assert_octo_error(refused, "UNPROCESSABLE_ENTITY")
    booking = Booking.objects.get(octo__uuid=asked["uuid"])
    reservations.booking_holds_expire_due(now=booking.hold_expires_at)
    assert _ok(octo.get(f"bookings/{asked['uuid']}"))["status"] == "EXPIRED"
    assert Slot.objects.get(pk=slot.pk).booked == 0
    late = octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT})
    assert_octo_error(late, "UNPROCESSABLE_ENTITY")
    assert held["status"] == "ON_HOLD"


def test_a_hold_confirmed_after_it_ran_out_is_refused_and_released(octo):
    slot = _slot(capacity=2)
    asked, response = _reserve(octo, slot, 2)
    _ok(response)
    Booking.objects.update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    late = octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT})
    assert_octo_error(late, "UNPROCESSABLE_ENTITY")
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_reserve_then_cancel(octo):
    slot = _slot(capacity=4)
    asked, response = _reserve(octo, slot, 4)
    _ok(response)
    cancelled = _ok(octo.post(f"bookings/{asked['uuid']}/cancel", {"reason": "Kunden fortrød"}))
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["cancellation"]["reason"] == "Kunden fortrød"
    assert Slot.objects.get(pk=slot.pk).booked == 0
    # Cancelling again answers the same booking.
    assert _ok(octo.post(f"bookings/{asked['uuid']}/cancel"))["status"] == "CANCELLED"


def test_extend_moves_the_expiry(octo, settings):
    settings.BOOKING_HOLD_MAX_MINUTES = 60
    slot = _slot()
    asked, response = _reserve(octo, slot, 1, expirationMinutes=5)
    before = _ok(response)["utcExpiresAt"]
    after = _ok(octo.post(f"bookings/{asked['uuid']}/extend", {"expirationMinutes": 45}))
    assert after["utcExpiresAt"] > before and after["status"] == "ON_HOLD"


def test_confirm_then_cancel_until_the_cut_off(octo):
    slot = _slot(capacity=5)
    asked, response = _reserve(octo, slot, 2)
    _ok(response)
    _ok(octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT}))
    cancelled = _ok(octo.post(f"bookings/{asked['uuid']}/cancel"))
    assert cancelled["status"] == "CANCELLED"
    booking = Booking.objects.get()
    assert MailKind.CANCELLED in set(mails_about(booking).values_list("kind", flat=True))
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_a_confirmed_booking_cannot_be_cancelled_after_the_cut_off(octo):
    soon = timezone.now() + timedelta(hours=12)
    tour = TourFactory(cancellation_deadline=timedelta(hours=24), booking_cutoff=timedelta(hours=1))
    slot = _slot(tour=tour, start=soon)
    asked, response = _reserve(octo, slot, 2)
    assert _ok(response)["cancellable"] is True
    confirmed = _ok(octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT}))
    assert confirmed["cancellable"] is False
    refused = octo.post(f"bookings/{asked['uuid']}/cancel")
    assert_octo_error(refused, "UNPROCESSABLE_ENTITY")
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_sold_out(octo):
    slot = _slot(capacity=3)
    book(slot, 3)
    _body, response = _reserve(octo, slot, 1)
    body = assert_octo_error(response, "UNPROCESSABLE_ENTITY")
    assert body["errorMessage"]
    assert not Booking.objects.filter(channel=Booking.Channel.OCTO).exists()


def test_invalid_ids(octo):
    slot = _slot()
    _body, bad_product = _reserve(octo, slot, productId="0")
    assert_octo_error(bad_product, "INVALID_PRODUCT_ID")
    _body, bad_option = _reserve(octo, slot, optionId="VIP")
    assert_octo_error(bad_option, "INVALID_OPTION_ID")
    _body, bad_availability = _reserve(octo, slot, availabilityId="2031-02-30T10:00:00+01:00")
    assert_octo_error(bad_availability, "INVALID_AVAILABILITY_ID")
    _body, bad_unit = _reserve(octo, slot, unitItems=[{"unitId": "adult"}])
    assert_octo_error(bad_unit, "INVALID_UNIT_ID")
    _body, no_units = _reserve(octo, slot, unitItems=[])
    assert_octo_error(no_units, "BAD_REQUEST")
    for path in ("bookings/nope", "bookings/nope/confirm", "bookings/nope/cancel"):
        response = octo.get(path) if path == "bookings/nope" else octo.post(path, {"contact": {}})
        assert_octo_error(response, "INVALID_BOOKING_UUID")
    assert_octo_error(
        octo.api.post("/octo/bookings", "[]", content_type="application/json", **octo.headers),
        "BAD_REQUEST",
    )
    assert not Booking.objects.exists()


def test_contact_details_are_checked_on_confirmation(octo):
    slot = _slot()
    asked, response = _reserve(octo, slot, 1)
    _ok(response)
    refused = octo.post(
        f"bookings/{asked['uuid']}/confirm", {"contact": {"fullName": "Jonas", "emailAddress": "x"}}
    )
    assert_octo_error(refused, "BAD_REQUEST")
    assert_octo_error(octo.post(f"bookings/{asked['uuid']}/confirm", {}), "BAD_REQUEST")
    assert Booking.objects.get().status == Booking.Status.ON_HOLD


def test_the_same_uuid_is_the_same_booking(octo):
    slot = _slot(capacity=5)
    asked, first = _reserve(octo, slot, 2)
    again = octo.post("bookings", asked)
    assert _ok(again)["id"] == _ok(first)["id"]
    assert Booking.objects.count() == 1 and Slot.objects.get(pk=slot.pk).booked == 2
    other = {**asked, "unitItems": [{"unitId": "person"}]}
    assert_octo_error(octo.post("bookings", other), "BAD_REQUEST")
    # Confirming twice is one confirmation, one invitation.
    _ok(octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT}))
    _ok(octo.post(f"bookings/{asked['uuid']}/confirm", {"contact": CONTACT}))
    assert mails_about(Booking.objects.get()).filter(kind=MailKind.CONFIRMED).count() == 1


def test_a_reseller_sees_only_its_own_bookings(octo, issued):
    from octo import keys

    slot = _slot()
    asked, response = _reserve(octo, slot, 1)
    _ok(response)
    other = OctoClient(keys.reseller_create(name="Other portal").key)
    assert_octo_error(other.get(f"bookings/{asked['uuid']}"), "INVALID_BOOKING_UUID")
    assert_octo_error(other.post(f"bookings/{asked['uuid']}/cancel"), "INVALID_BOOKING_UUID")
    assert other.get("bookings", {"productId": str(slot.tour_id)}).json() == []
    # The same uuid is free for another reseller: uuids are the reseller's own.
    _other_body, mine = _reserve(other, slot, 1, uuid=asked["uuid"])
    assert _ok(mine)["id"] != _ok(octo.get(f"bookings/{asked['uuid']}"))["id"]


def test_errors_speak_the_requests_language(octo):
    slot = _slot(capacity=1)
    book(slot, 1)
    _body, response = _reserve(octo, slot, 1)
    english = assert_octo_error(response, "UNPROCESSABLE_ENTITY")["errorMessage"]
    body = {
        "productId": str(slot.tour_id),
        "optionId": "DEFAULT",
        "availabilityId": slot.start.astimezone(CPH).isoformat(),
        "unitItems": [{"unitId": "person"}],
    }
    german = octo.post("bookings", body, HTTP_ACCEPT_LANGUAGE="de").json()["errorMessage"]
    danish = octo.post("bookings", body, HTTP_ACCEPT_LANGUAGE="da").json()["errorMessage"]
    assert len({english, german, danish}) >= 2 and german != danish


def test_an_unknown_endpoint_answers_in_octos_shape(octo):
    assert_octo_error(octo.get("nothing-here"), "BAD_REQUEST", 404)
