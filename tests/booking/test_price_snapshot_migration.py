"""Bookings made before the price snapshot (booking 0017) take their tour's price, so every
booking has a total; the migration keeps every booking."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("booking", "0016_personal_data_erasure")]
AFTER = [("booking", "0017_booking_price_snapshot")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_earlier_bookings_take_their_tours_price(back_to_latest):
    person = book(SlotFactory(tour=TourFactory(price=Decimal("75"))), party_size=3)
    group = book(SlotFactory(tour=GroupTourFactory(price=Decimal("1500"))), party_size=12)
    _migrate(BEFORE)
    new = _migrate(AFTER)
    Booking = new.get_model("booking", "Booking")
    assert Booking.objects.get(pk=person.pk).unit_price == Decimal("75.00")
    assert Booking.objects.get(pk=person.pk).price_per == "person"
    assert Booking.objects.get(pk=group.pk).unit_price == Decimal("1500.00")
    assert Booking.objects.get(pk=group.pk).price_per == "group"
