"""After the online booking cut-off, visitors are told to call: staff booking by phone may
still book (until the start), online and API bookings are refused. Only the cut-off is
skipped; every other rule binds a phone booking too."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from booking import capacity, errors, services
from booking.models import Booking
from tests import factories
from tests.api.conftest import assert_error_shape, booking_body
from tours.models import Slot

pytestmark = pytest.mark.django_db
PHONE, ONLINE, API = Booking.Source.PHONE, Booking.Source.ONLINE, Booking.Source.API


@pytest.fixture
def late_slot():
    """Starts in one hour; the tour's online booking closed an hour ago (cut-off 2 h)."""
    return factories.SlotFactory(capacity=10, start=timezone.now() + timedelta(hours=1))


def _book(slot, source, party_size=2, **fields):
    return services.booking_create(
        slot_id=slot.pk,
        visitor=factories.visitor(**fields),
        party_size=party_size,
        source=source,
    )


def test_phone_books_after_the_cutoff(late_slot):
    booking = _book(late_slot, PHONE)
    assert booking.source == PHONE
    assert Slot.objects.get(pk=late_slot.pk).booked == 2


@pytest.mark.parametrize("source", [ONLINE, API])
def test_online_and_api_are_refused_after_the_cutoff(late_slot, source):
    with pytest.raises(errors.BookingCutOff):
        _book(late_slot, source)
    assert Slot.objects.get(pk=late_slot.pk).booked == 0
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"start": -timedelta(minutes=1)}, errors.SlotInPast),
        ({"status": Slot.Status.CLOSED}, errors.SlotClosed),
        ({"status": Slot.Status.CANCELLED}, errors.SlotCancelled),
        ({"party_size": 11}, errors.NotEnoughPlaces),
    ],
)
def test_phone_skips_only_the_cutoff(late_slot, change, error):
    if "start" in change:
        late_slot.start = timezone.now() + change["start"]
        late_slot.end = late_slot.start + timedelta(hours=1)
    late_slot.status = change.get("status", late_slot.status)
    late_slot.save()
    with pytest.raises(error):
        _book(late_slot, PHONE, party_size=change.get("party_size", 2))
    assert not Booking.objects.exists()


def test_cutoff_rule_per_source():
    assert not capacity.cutoff_applies(PHONE)
    assert capacity.cutoff_applies(ONLINE) and capacity.cutoff_applies(API)


def test_workspace_phone_booking_after_the_cutoff(client, late_slot):
    staff = factories.MembershipFactory(company=late_slot.tour.company).user
    client.force_login(staff)
    data = {
        "party_size": "3",
        "name": "Sen Ringer",
        "email": "sen@example.com",
        "phone": "+45 22 33 44 55",
        "language": "da",
        "submission_id": str(uuid.uuid4()),
    }
    response = client.post(reverse("workspace:slot_book", kwargs={"pk": late_slot.pk}), data)
    assert response.status_code == 302
    assert Booking.objects.get(name="Sen Ringer").source == PHONE


def test_visitor_form_after_the_cutoff_is_refused(client, late_slot):
    data = {
        "party_size": "2",
        "name": "Online Olsen",
        "email": "o@example.com",
        "phone": "+45 22 33 44 55",
        "language": "da",
        "submission_id": str(uuid.uuid4()),
    }
    response = client.post(reverse("booking:book", kwargs={"slot_id": late_slot.pk}), data)
    assert response.status_code in (400, 409)
    assert not Booking.objects.exists()


def test_api_after_the_cutoff_is_refused(late_slot):
    response = APIClient().post("/api/v1/bookings/", booking_body(late_slot), format="json")
    assert_error_shape(response, 409, "booking_closed")
    assert not Booking.objects.exists()


def test_staff_move_onto_a_slot_past_its_cutoff(late_slot):
    far = factories.SlotFactory(tour=late_slot.tour, start=timezone.now() + timedelta(days=3))
    booking = factories.book(far, party_size=2)
    with pytest.raises(errors.BookingCutOff):
        services.booking_change(booking=booking, slot_id=late_slot.pk)  # not by phone
    moved = services.booking_change(booking=booking, slot_id=late_slot.pk, source=PHONE)
    assert moved.slot_id == late_slot.pk
    assert Slot.objects.get(pk=late_slot.pk).booked == 2


def test_staff_resize_after_the_cutoff(late_slot):
    booking = _book(late_slot, PHONE, party_size=4)
    with pytest.raises(errors.BookingCutOff):
        services.booking_change(booking=booking, party_size=3)
    assert services.booking_change(booking=booking, party_size=3, source=PHONE).party_size == 3
    assert services.booking_change(booking=booking, party_size=5, source=PHONE).party_size == 5
    assert Slot.objects.get(pk=late_slot.pk).booked == 5


def test_slot_page_says_phone_booking_is_still_open(client, late_slot):
    client.force_login(factories.MembershipFactory(company=late_slot.tour.company).user)
    response = client.get(reverse("workspace:slot", kwargs={"pk": late_slot.pk}))
    assert response.context["online_closed"] is True
    early = factories.SlotFactory(tour=late_slot.tour, start=timezone.now() + timedelta(days=2))
    response = client.get(reverse("workspace:slot", kwargs={"pk": early.pk}))
    assert response.context["online_closed"] is False
