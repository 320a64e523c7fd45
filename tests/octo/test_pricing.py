"""octo/pricing: asked for in Octo-Capabilities, prices appear in øre on products,
availability, calendar and bookings (per person for open tours, per booking for a group
price), and the response names the capability; without it, no prices."""

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories import GroupTourFactory, SlotFactory, TourFactory
from tests.octo.conftest import assert_octo

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
PRICING = {"HTTP_OCTO_CAPABILITIES": "octo/pricing, octo/content"}


def _reserve(octo, slot, people, **headers):
    body = {
        "productId": str(slot.tour_id),
        "optionId": "DEFAULT",
        "availabilityId": slot.start.astimezone(CPH).isoformat(),
        "unitItems": [{"unitId": "person"}] * people,
    }
    return octo.post("bookings", body, **headers)


def test_prices_per_person_when_asked(octo):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75.50")))
    response = octo.get(f"products/{slot.tour_id}", **PRICING)
    assert response["Octo-Capabilities"] == "octo/pricing"
    product = response.json()
    assert_octo(product, "Product")
    assert product["defaultCurrency"] == "DKK"
    unit = product["options"][0]["units"][0]
    assert unit["pricingFrom"][0]["retail"] == 7550
    day = slot.start.astimezone(CPH).date().isoformat()
    body = {"productId": str(slot.tour_id), "optionId": "DEFAULT", "localDate": day}
    (availability,) = octo.post("availability", body, **PRICING).json()
    assert_octo(availability, "Availability")
    assert availability["unitPricing"][0] == {"unitId": "person", **unit["pricingFrom"][0]}
    days = octo.post("availability/calendar", body, **PRICING).json()
    assert_octo(days, "AvailabilityCalendar", many=True)
    assert days[0]["unitPricingFrom"][0]["retail"] == 7550
    booking = _reserve(octo, slot, 3, **PRICING).json()
    assert_octo(booking, "Booking")
    assert booking["pricing"]["retail"] == 3 * 7550
    assert [item["pricing"]["retail"] for item in booking["unitItems"]] == [7550] * 3


def test_a_group_price_is_for_the_booking(octo):
    slot = SlotFactory(tour=GroupTourFactory(price=Decimal("1500")))
    product = octo.get(f"products/{slot.tour_id}", **PRICING).json()
    assert product["pricingPer"] == "BOOKING"
    assert product["options"][0]["pricingFrom"][0]["retail"] == 150000
    booking = _reserve(octo, slot, 12, **PRICING).json()
    assert_octo(booking, "Booking")
    assert booking["pricing"]["retail"] == 150000
    assert "pricing" not in booking["unitItems"][0]


def test_no_prices_without_the_capability(octo):
    slot = SlotFactory()
    response = octo.get(f"products/{slot.tour_id}")
    assert response["Octo-Capabilities"] == ""
    assert "defaultCurrency" not in response.json()
    assert "pricing" not in _reserve(octo, slot, 1).json()


def test_the_capabilities_we_implement_are_listed(octo):
    response = octo.get("capabilities")
    assert response.status_code == 200
    assert_octo(response.json(), "Capability", many=True)
    assert [c["id"] for c in response.json()] == ["octo/pricing"]


def test_a_booking_keeps_the_price_it_was_sold_at(octo):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")))
    held = _reserve(octo, slot, 2, **PRICING).json()
    slot.tour.price = Decimal("99")
    slot.tour.save()
    again = octo.get(f"bookings/{held['uuid']}", **PRICING).json()
    assert again["pricing"]["retail"] == 2 * 7500
    assert [item["pricing"]["retail"] for item in again["unitItems"]] == [7500, 7500]
