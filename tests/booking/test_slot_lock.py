"""capacity.lock_slots writes its SQL once per process and makes the instances itself: they
must be exactly what the ORM's select_related query gives, field by field, on every backend."""

from datetime import timedelta

import pytest
from django.db import transaction

from booking import capacity
from tests.factories import GroupTourFactory, SlotFactory
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def _orm(ids: list[int]) -> dict[int, Slot]:
    slots = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("tour", "tour__company")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return {slot.pk: slot for slot in slots}


def test_the_locked_slots_are_the_orms_instances(django_assert_num_queries):
    open_slot = SlotFactory(
        tour__title_de="Apfeltour",
        tour__languages=["da", "de"],
        tour__booking_cutoff=timedelta(hours=3, minutes=30),
        booked=3,
    )
    group = SlotFactory(tour=GroupTourFactory(), status=Slot.Status.CLOSED)
    ids = [group.pk, open_slot.pk, group.pk, 10**9]  # repeated and missing ids

    with transaction.atomic():
        with django_assert_num_queries(1):
            locked = capacity.lock_slots(ids)
            # Tour and company come with the slot: no query to reach them.
            companies = [slot.tour.company.email for slot in locked.values()]
        expected = _orm(ids)

    assert list(locked) == list(expected) == sorted([open_slot.pk, group.pk])
    assert len(companies) == 2
    for pk, slot in locked.items():
        want = expected[pk]
        assert _fields(slot) == _fields(want)
        assert _fields(slot.tour) == _fields(want.tour)
        assert _fields(slot.tour.company) == _fields(want.tour.company)
        assert (slot._state.adding, slot._state.db) == (False, want._state.db)
        assert str(slot.tour.title) == str(want.tour.title)


def test_a_locked_slot_saves_like_any_other():
    slot = SlotFactory(capacity=5)
    with transaction.atomic():
        locked = capacity.lock_slot(slot.pk)
        locked.booked += 2
        locked.save(update_fields=["booked"])
    slot.refresh_from_db()
    assert slot.booked == 2


def test_no_ids_lock_nothing(django_assert_num_queries):
    with transaction.atomic(), django_assert_num_queries(0):
        assert capacity.lock_slots([]) == {}
