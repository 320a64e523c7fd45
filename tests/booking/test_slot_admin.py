"""The slot admin changes places and status only through the slot services: the change form
shows them read-only, and the actions refuse what the services refuse (never a 500)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from booking import errors
from booking.models import WaitlistEntry
from tests import factories
from tours.models import Slot

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:tours_slot_changelist"


def _action(admin_client, action: str, slots, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in slots], **extra}
    return admin_client.post(reverse(CHANGELIST), data, follow=True)


def test_the_change_form_shows_places_and_status_read_only(admin_client):
    slot = factories.SlotFactory(capacity=10)
    page = admin_client.get(reverse("admin:tours_slot_change", args=[slot.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="capacity"' not in html and 'name="status"' not in html
    # A POST to the change form cannot write them either.
    admin_client.post(reverse("admin:tours_slot_change", args=[slot.pk]), {"capacity": 2})
    assert Slot.objects.get(pk=slot.pk).capacity == 10


def test_capacity_below_booked_is_refused_and_a_valid_one_is_set(admin_client):
    low, other = factories.SlotFactory(capacity=10), factories.SlotFactory(capacity=10)
    factories.book(low, party_size=6)
    asked = _action(admin_client, "change_capacity", [low])
    assert asked.status_code == 200 and 'name="capacity"' in asked.content.decode()
    response = _action(admin_client, "change_capacity", [low, other], capacity=5, apply="1")
    with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the default
        refused = ngettext(
            "The capacity cannot be below the %(count)d place already booked.",
            "The capacity cannot be below the %(count)d places already booked.",
            6,
        ) % {"count": 6}
    assert refused in response.content.decode()
    assert Slot.objects.get(pk=low.pk).capacity == 10  # refused: unchanged
    assert Slot.objects.get(pk=other.pk).capacity == 5  # control: the other one is set


def test_more_capacity_in_the_admin_serves_the_waiting_list_first(admin_client):
    slot = factories.SlotFactory(capacity=2)
    factories.book(slot, party_size=2)
    from booking import waitlist

    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=factories.visitor(), party_size=2)
    _action(admin_client, "change_capacity", [slot], capacity=4, apply="1")
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert Slot.objects.get(pk=slot.pk).booked == 4  # the offer holds the new places


def test_close_and_reopen_go_through_the_services(admin_client):
    slot = factories.SlotFactory()
    _action(admin_client, "close_slots", [slot])
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.CLOSED
    _action(admin_client, "reopen_slots", [slot])
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.SCHEDULED


def test_reopening_a_held_slot_in_the_admin_is_refused(admin_client):
    slot = factories.SlotFactory()
    event = factories.EventFactory()
    factories.plan_stops(event, (slot.tour.company, slot.start, slot.end))
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.CLOSED
    response = _action(admin_client, "reopen_slots", [slot])
    with translation.override(settings.LANGUAGE_CODE):
        held = str(errors.SlotHeldByEvent.message)
    assert held in response.content.decode()
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.CLOSED


def test_the_admin_cannot_add_or_delete_departures(admin_client):
    assert admin_client.get(reverse("admin:tours_slot_add")).status_code == 403
    slot = factories.SlotFactory()
    assert admin_client.get(reverse("admin:tours_slot_delete", args=[slot.pk])).status_code == 403
