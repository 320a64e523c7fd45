"""The slot admin refuses, as form errors (never a 500), the changes it cannot make safely:
capacity below the places booked or held, cancelling (visitors would not be told), reopening
a slot an event stop holds."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from booking.models import Booking
from tests import factories
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _post(admin_client, slot, **changes):
    data = {
        "tour": slot.tour.pk,
        "start_0": timezone.localtime(slot.start).strftime("%Y-%m-%d"),
        "start_1": timezone.localtime(slot.start).strftime("%H:%M:%S"),
        "end_0": timezone.localtime(slot.end).strftime("%Y-%m-%d"),
        "end_1": timezone.localtime(slot.end).strftime("%H:%M:%S"),
        "capacity": slot.capacity,
        "status": slot.status,
        **changes,
    }
    return admin_client.post(reverse("admin:tours_slot_change", args=[slot.pk]), data)


def test_capacity_below_booked_is_a_form_error(admin_client):
    slot = factories.SlotFactory(capacity=10)
    factories.book(slot, party_size=6)
    response = _post(admin_client, slot, capacity=5)
    assert response.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the default
        expected = gettext("The capacity cannot be below the %(count)d places booked or held.") % {
            "count": 6
        }
    assert expected in response.content.decode()
    assert Slot.objects.get(pk=slot.pk).capacity == 10
    assert _post(admin_client, slot, capacity=6).status_code == 302  # control
    assert Slot.objects.get(pk=slot.pk).capacity == 6


def test_cancelling_in_the_admin_is_refused(admin_client):
    slot = factories.SlotFactory()
    booking = factories.book(slot)
    response = _post(admin_client, slot, status="cancelled")
    assert response.status_code == 200
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.SCHEDULED
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED
    assert _post(admin_client, slot, status="closed").status_code == 302  # control


def test_reopening_a_held_slot_in_the_admin_is_refused(admin_client):
    slot = factories.SlotFactory()
    event = factories.EventFactory()
    factories.plan_stops(event, (slot.tour.company, slot.start, slot.end))
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CLOSED
    response = _post(admin_client, slot, status="scheduled")
    assert response.status_code == 200
    assert Slot.objects.get(pk=slot.pk).status == Slot.Status.CLOSED
