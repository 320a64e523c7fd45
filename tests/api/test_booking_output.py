"""The booking answer written out by hand (BookingOutput.to_representation) says exactly
what the serializer's declared fields say, for every kind of booking and language."""

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from rest_framework import serializers

from booking import services
from booking.api.serializers import BookingOutput
from booking.models import Booking
from tests.factories import SlotFactory, book, visitor

pytestmark = pytest.mark.django_db


def _generic(booking: Booking, context: dict) -> dict:
    """What the declared fields give, through DRF's own field-by-field path."""
    serializer = BookingOutput(booking, context=context)
    return serializers.ModelSerializer.to_representation(serializer, booking)


def _bookings() -> list[Booking]:
    slot = SlotFactory(
        tour__title_da="Æbletur", tour__title_de="Apfeltour", tour__meeting_point_de="Hofladen"
    )
    online = book(slot, 2, organisation="Skolen", note="Kører i bus")
    phone = services.booking_create(
        slot_id=slot.pk,
        visitor=visitor(email="", phone="+45 11 11 11 11"),
        party_size=1,
        source=Booking.Source.PHONE,
    )
    cancelled = services.booking_cancel(booking=book(slot, 1, email="b@example.com"))
    return [
        Booking.objects.select_related("slot__tour__company").get(pk=b.pk)
        for b in (online, phone, cancelled)
    ]


@pytest.mark.parametrize("language", ["da", "en", "de"])
@pytest.mark.parametrize("with_request", [True, False])
def test_hand_written_answer_equals_the_declared_fields(language, with_request):
    bookings = _bookings()
    context = {"request": RequestFactory().get("/", HTTP_HOST="testserver")} if with_request else {}

    with translation.override(language), timezone.override("Europe/Copenhagen"):
        for booking in bookings:
            assert BookingOutput(booking, context=context).data == _generic(booking, context)


def test_every_declared_field_is_written():
    booking = _bookings()[0]
    answer = BookingOutput(booking, context={}).data

    assert list(answer) == list(BookingOutput().fields)
    assert answer["cancelled_at"] is None


def test_the_answer_carries_the_bookings_own_price_and_total():
    booking = _bookings()[0]  # 2 people at 75 kr.
    booking.slot.tour.price = 99  # later: the booking keeps its price
    answer = BookingOutput(booking, context={}).data
    assert (answer["unit_price"], answer["price_per"], answer["total"]) == (
        "75.00",
        "person",
        "150.00",
    )
