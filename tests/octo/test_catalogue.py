"""GET /supplier, /products, /products/{id}, POST /availability and /availability/calendar:
every answer valid OCTO, statuses from the one bookable rule, keys checked first."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from octo import keys
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tests.octo.conftest import OctoClient, assert_octo, assert_octo_error
from tours.models import Slot

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def test_no_key_is_unauthorized_and_a_wrong_or_revoked_key_forbidden(issued):
    assert_octo_error(OctoClient(None).get("supplier"), "UNAUTHORIZED", 401)
    assert_octo_error(OctoClient("kbocto_nope").get("supplier"), "FORBIDDEN", 403)
    assert OctoClient(issued.key).get("supplier").status_code == 200
    rotated = keys.reseller_key_rotate(reseller=issued.reseller)
    assert_octo_error(OctoClient(issued.key).get("products"), "FORBIDDEN", 403)
    assert OctoClient(rotated.key).get("products").status_code == 200
    keys.reseller_key_revoke(reseller=issued.reseller)
    assert_octo_error(OctoClient(rotated.key).get("products"), "FORBIDDEN", 403)


def test_the_key_is_stored_only_as_a_digest(issued):
    reseller = issued.reseller
    reseller.refresh_from_db()
    assert issued.key not in (reseller.key_digest, reseller.key_hint)
    assert reseller.key_digest == keys.key_digest(issued.key)


def test_supplier(octo):
    response = octo.get("supplier")
    assert response.status_code == 200
    assert_octo(response.json(), "Supplier")
    assert response.json()["endpoint"].endswith("/octo")
    assert response["Octo-Capabilities"] == ""


def test_products_are_the_published_tours_with_one_option_and_their_units(octo):
    open_tour = TourFactory(cancellation_deadline=timedelta(hours=24))
    group = GroupTourFactory()
    TourFactory(published=False)
    start = timezone.now().astimezone(CPH).replace(hour=10, minute=0, second=0, microsecond=0)
    SlotFactory(tour=open_tour, start=start + timedelta(days=3))
    SlotFactory(tour=open_tour, start=start + timedelta(days=4, hours=4))

    response = octo.get("products", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    products = response.json()
    assert_octo(products, "Product", many=True)
    assert [p["id"] for p in products] == [str(open_tour.pk), str(group.pk)]
    first, second = products
    assert first["availabilityType"] == "START_TIME"
    assert first["timeZone"] == "Europe/Copenhagen"
    assert first["locale"] == "de" and response["Content-Language"] == "de"
    assert first["deliveryFormats"] == ["QRCODE"]
    (option,) = first["options"]
    assert option["id"] == "DEFAULT"
    assert option["availabilityLocalStartTimes"] == ["10:00", "14:00"]
    assert (option["cancellationCutoffAmount"], option["cancellationCutoffUnit"]) == (1, "day")
    assert {"firstName", "lastName", "emailAddress"} <= set(option["requiredContactFields"])
    assert [u["id"] for u in option["units"]] == ["person"]
    assert first["pricingPer"] == "UNIT" and second["pricingPer"] == "BOOKING"
    assert second["options"][0]["restrictions"] == {"minUnits": 10, "maxUnits": 40}


def test_one_product_and_an_unknown_one(octo):
    tour = TourFactory()
    response = octo.get(f"products/{tour.pk}")
    assert response.status_code == 200
    assert_octo(response.json(), "Product")
    body = assert_octo_error(octo.get("products/999999"), "INVALID_PRODUCT_ID")
    assert body["productId"] == "999999"
    hidden = TourFactory(published=False)
    assert_octo_error(octo.get(f"products/{hidden.pk}"), "INVALID_PRODUCT_ID")


def _query(tour, **extra):
    return {"productId": str(tour.pk), "optionId": "DEFAULT", **extra}


def test_availability_follows_the_one_bookable_rule(octo):
    tour = TourFactory()
    day = (timezone.now() + timedelta(days=5)).astimezone(CPH).date()
    at = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()), CPH)
    roomy = SlotFactory(tour=tour, start=at + timedelta(hours=9), capacity=10)
    limited = SlotFactory(tour=tour, start=at + timedelta(hours=11), capacity=10)
    full = SlotFactory(tour=tour, start=at + timedelta(hours=13), capacity=2)
    closed = SlotFactory(tour=tour, start=at + timedelta(hours=15), status=Slot.Status.CLOSED)
    book(limited, 6)
    book(full, 2)

    response = octo.post("availability", _query(tour, localDate=day.isoformat()))
    assert response.status_code == 200, response.content
    found = response.json()
    assert_octo(found, "Availability", many=True)
    by_id = {a["id"]: a for a in found}
    local = {s: s.start.astimezone(CPH).isoformat() for s in (roomy, limited, full, closed)}
    assert [a["id"] for a in found] == [local[s] for s in (roomy, limited, full, closed)]
    assert by_id[local[roomy]] | {} == by_id[local[roomy]]
    assert (by_id[local[roomy]]["status"], by_id[local[roomy]]["vacancies"]) == ("AVAILABLE", 10)
    assert (by_id[local[limited]]["status"], by_id[local[limited]]["vacancies"]) == ("LIMITED", 4)
    assert by_id[local[full]]["status"] == "SOLD_OUT" and not by_id[local[full]]["available"]
    assert by_id[local[closed]]["status"] == "CLOSED"
    cutoff = roomy.start - tour.booking_cutoff
    assert by_id[local[roomy]]["utcCutoffAt"] == cutoff.astimezone(timezone.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )

    # Asked for 5 people, the limited departure cannot take them.
    asked = octo.post(
        "availability",
        _query(tour, availabilityIds=[local[limited]], units=[{"id": "person", "quantity": 5}]),
    ).json()
    assert [(a["id"], a["available"]) for a in asked] == [(local[limited], False)]


def test_availability_refuses_unknown_ids_and_bad_requests(octo):
    tour = TourFactory()
    day = (timezone.now() + timedelta(days=5)).date().isoformat()
    assert_octo_error(
        octo.post("availability", {"productId": "x", "optionId": "DEFAULT", "localDate": day}),
        "INVALID_PRODUCT_ID",
    )
    body = assert_octo_error(
        octo.post("availability", {"productId": str(tour.pk), "optionId": "VIP", "localDate": day}),
        "INVALID_OPTION_ID",
    )
    assert body["optionId"] == "VIP"
    assert_octo_error(
        octo.post("availability", _query(tour, availabilityIds=["2031-01-01T10:00:00+01:00"])),
        "INVALID_AVAILABILITY_ID",
    )
    assert_octo_error(octo.post("availability", _query(tour)), "BAD_REQUEST")
    assert_octo_error(octo.post("availability", _query(tour, localDate="tomorrow")), "BAD_REQUEST")
    assert_octo_error(
        octo.post(
            "availability",
            _query(tour, localDate=day, units=[{"id": "child", "quantity": 1}]),
        ),
        "INVALID_UNIT_ID",
    )


def test_the_calendar_has_one_entry_per_day(octo):
    tour = TourFactory()
    slot = SlotFactory(tour=tour, capacity=8)
    book(slot, 3)
    day = slot.start.astimezone(CPH).date()
    first, last = day - timedelta(days=1), day + timedelta(days=1)
    response = octo.post(
        "availability/calendar",
        _query(tour, localDateStart=first.isoformat(), localDateEnd=last.isoformat()),
    )
    assert response.status_code == 200, response.content
    days = response.json()
    assert_octo(days, "AvailabilityCalendar", many=True)
    assert [d["localDate"] for d in days] == [
        (first + timedelta(days=n)).isoformat() for n in range(3)
    ]
    assert [d["status"] for d in days] == ["CLOSED", "AVAILABLE", "CLOSED"]
    assert (days[1]["vacancies"], days[1]["capacity"]) == (5, 8)


def test_a_group_visit_taken_by_a_hold_is_sold_out(octo):
    from booking import reservations

    slot = SlotFactory(tour=GroupTourFactory())
    reservations.booking_reserve(slot_id=slot.pk, party_size=12)
    found = octo.post(
        "availability",
        _query(slot.tour, localDate=slot.start.astimezone(CPH).date().isoformat()),
    ).json()
    assert [a["status"] for a in found] == ["SOLD_OUT"]
