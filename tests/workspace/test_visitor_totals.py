"""The staff's visitor lists say what each party pays on arrival, at the booking's own
price (a later change of the tour's price does not change what the visitor was told)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\N{NO-BREAK SPACE}"


def _totals(html: str) -> list[str]:
    return re.findall(r'data-testid="visitor-total">([^<]*)<', html)


def test_the_slot_and_day_lists_show_each_partys_total(client, world):
    factories.book(world.slot_a, party_size=3, name="Carl C", email="carl@example.com")
    world.tour_a.price = Decimal("90")  # after the bookings: they keep 75 kr.
    world.tour_a.save()
    client.force_login(world.owner_a)
    slot_page = client.get(reverse("workspace:slot", args=[world.slot_a.pk])).content.decode()
    assert sorted(_totals(slot_page)) == [f"150{NBSP}kr.", f"225{NBSP}kr."]
    day = timezone.localdate(world.slot_a.start).isoformat()
    with translation.override("de"):
        day_url = reverse("workspace:day", kwargs={"day": day})
    assert sorted(_totals(client.get(day_url).content.decode())) == [
        f"150{NBSP}DKK",
        f"225{NBSP}DKK",
    ]


def test_a_free_tour_has_nothing_to_pay(client, world):
    tour = factories.TourFactory(company=world.company_a, price=Decimal("0"))
    slot = factories.SlotFactory(tour=tour)
    factories.book(slot, party_size=4)
    client.force_login(world.owner_a)
    page = client.get(reverse("workspace:slot", args=[slot.pk])).content.decode()
    assert _totals(page) == ["Gratis"]
