"""The bench writes booking rows the product accepts (the floor's INSERT, the generated
bookings): when a migration changes the booking table, this fails here, not mid-`make bench`."""

import json

import pytest
from django.test import Client, override_settings

from booking.models import Booking
from tests.factories import SlotFactory

# The bench runs on PostgreSQL only (its floor passes UUIDs the way psycopg takes them).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@override_settings(ROOT_URLCONF="bench.urls", MIDDLEWARE=[])
def test_floor_books_a_row_the_product_can_open():
    slot = SlotFactory(capacity=2)
    body = {"slot": slot.pk, "name": "Floor", "email": "floor@example.com", "party_size": 2}

    response = Client().post("/floor/book", json.dumps(body), content_type="application/json")

    assert response.status_code == 201
    booking = Booking.objects.get(reference=response.json()["reference"])
    assert (booking.slot_id, booking.party_size, booking.status) == (slot.pk, 2, "confirmed")
    # The link secret is kept as the product keeps it: the derived token opens the booking.
    assert booking.token_matches(booking.token)
    slot.refresh_from_db()
    assert slot.booked == 2


@override_settings(ROOT_URLCONF="bench.urls", MIDDLEWARE=[])
def test_floor_refuses_what_does_not_fit():
    slot = SlotFactory(capacity=1)
    body = {"slot": slot.pk, "name": "Floor", "email": "floor@example.com", "party_size": 2}

    response = Client().post("/floor/book", json.dumps(body), content_type="application/json")

    assert response.status_code == 409
    assert not Booking.objects.filter(slot=slot).exists()


def test_bench_data_writes_bookings_the_table_accepts():
    from bench import data

    slot = SlotFactory()
    first, last = data._slots(slot.tour, 2, 10, per_day=2, booked=1)
    data._bookings(slot.tour, 1)

    assert Booking.objects.filter(slot_id__in=[first, last]).count() == 2


def test_the_correctness_check_counts_api_bookings_and_their_mail():
    from bench import data
    from booking import services
    from notify.models import OutboundMail
    from tests.factories import visitor

    slot = SlotFactory(capacity=5)
    with_mail = services.booking_create(
        slot_id=slot.pk, visitor=visitor(), party_size=1, source=Booking.Source.API
    )
    checks = data.correctness()
    assert (checks["over_capacity"], checks["booked_mismatch"]) == (0, 0)
    assert checks["api_bookings"] == 1
    assert checks["api_without_outbox"] == 0
    # Control: with its mail gone the same booking is counted as lost.
    OutboundMail.objects.filter(about=f"booking.booking:{with_mail.pk}").delete()
    assert data.correctness()["api_without_outbox"] == 1
