"""Capacity in the workspace never goes below booked + held (held places are counted in
`booked`), and no input to the capacity form answers 500."""

import pytest
from django.urls import reverse
from django.utils import translation

from booking import slot_services, waitlist
from tests import factories
from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_offer(world):
    """Slot A: capacity 4, 2 booked (world) + 2 held for an open offer."""
    Slot.objects.filter(pk=world.slot_a.pk).update(capacity=2)
    entry = waitlist.waitlist_join(
        slot_id=world.slot_a.pk, visitor=factories.visitor(email="w@example.com"), party_size=2
    )
    slot_services.slot_set_capacity(slot_id=world.slot_a.pk, capacity=4)
    entry.refresh_from_db()
    assert entry.status == "offered"
    return entry


@pytest.fixture(autouse=True)
def _english():
    """The assertions read English text: the pages are asked for under /en/."""
    with translation.override("en"):
        yield


def test_slot_page_says_how_many_places_are_held(client, world, with_offer):
    client.force_login(world.staff_a)
    response = client.get(reverse("workspace:slot", kwargs={"pk": world.slot_a.pk}))
    help_text = response.context["capacity_form"].fields["capacity"].help_text
    assert "4" in help_text and "2" in help_text and "waiting-list" in help_text
    assert response.context["held"] == 2


def test_capacity_below_booked_plus_held_is_a_form_error(client, world, with_offer):
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_capacity", kwargs={"pk": world.slot_a.pk})
    response = client.post(url, {"capacity": "3"})
    assert response.status_code == 400
    assert response.context["capacity_form"].errors["capacity"]
    assert "waiting-list" in response.context["capacity_form"].fields["capacity"].help_text
    assert Slot.objects.get(pk=world.slot_a.pk).capacity == 4
    assert client.post(url, {"capacity": "4"}).status_code == 302  # control: exactly enough


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "0", "3.5", "99999999999999999999", "1e3", "\x00", "\uff14"]
)
def test_no_capacity_input_answers_500(client, world, with_offer, value):
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_capacity", kwargs={"pk": world.slot_a.pk})
    response = client.post(url, {"capacity": value})
    assert response.status_code in (302, 400)
    slot = Slot.objects.get(pk=world.slot_a.pk)
    assert slot.booked <= slot.capacity
    assert slot.capacity >= 4


def test_capacity_on_a_cancelled_slot_is_a_message_not_500(client, world):
    slot_services.slot_cancel(slot_id=world.slot_a.pk)
    client.force_login(world.staff_a)
    url = reverse("workspace:slot_capacity", kwargs={"pk": world.slot_a.pk})
    response = client.post(url, {"capacity": "20"})
    assert response.status_code == 400
    assert Slot.objects.get(pk=world.slot_a.pk).capacity == 10
