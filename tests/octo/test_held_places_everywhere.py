"""Places a reseller holds count against capacity everywhere a number of places is shown or
decided: the tour page, the REST API, the workspace (which also says how many are
reserved), and the online booking form's service."""

import pytest
from django.utils import timezone

from booking import capacity, errors, reservations
from tests.factories import MembershipFactory, SlotFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_slot() -> Slot:
    slot = SlotFactory(capacity=10)
    reservations.booking_reserve(slot_id=slot.pk, party_size=4)
    return slot


def test_the_tour_page_shows_the_places_left_after_the_hold(client, held_slot):
    page = client.get(f"/en/tours/{held_slot.tour_id}/").text
    assert "6 places left" in page


def test_the_rest_api_counts_held_places(client, held_slot):
    body = client.get(f"/api/v1/slots/{held_slot.pk}/").json()
    assert body["available"] == 6
    listed = client.get("/api/v1/slots/", {"min_available": 7}).json()
    assert held_slot.pk not in [s["id"] for s in listed["results"]]


def test_the_workspace_shows_the_reserved_places(client, held_slot):
    member = MembershipFactory(company=held_slot.tour.company, role="owner").user
    client.force_login(member)
    page = client.get(f"/en/workspace/slots/{held_slot.pk}/").text
    assert "4/10" in page and "4 reserved" in page
    tour_page = client.get(f"/en/workspace/tours/{held_slot.tour_id}/").text
    assert "4 reserved" in tour_page


def test_a_visitor_cannot_book_the_held_places(held_slot):
    slot = Slot.objects.select_related("tour").get(pk=held_slot.pk)
    assert capacity.places_bookable(slot, now=timezone.now()) == 6
    with pytest.raises(errors.NotEnoughPlaces):
        book(held_slot, 7)
    book(held_slot, 6)
