"""The one capacity rule (booking.capacity): its Python form and its SQL twin agree on every
kind of slot, the API's `available` and `bookable` come from it, and a partner following the
README (find slots with room, book the first) is not refused."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from booking import capacity, errors
from booking.capacity import SlotState
from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


# (hours from now to the start) with a 2-hour booking cut-off: long before, just before the
# cut-off, just after it, started.
STARTS = (48, 2.5, 1.5, -1)


def _grid():
    open_tour, hidden = TourFactory(), TourFactory(published=False)
    group = GroupTourFactory(min_group_size=10, max_group_size=40)
    now = timezone.now()
    slots = []
    for tour, hours, status, booked in itertools.product(
        (open_tour, hidden, group),
        STARTS,
        Slot.Status.values,
        (0, 5, 40),
    ):
        start = now + timedelta(hours=hours) + timedelta(seconds=len(slots))
        cap = 40
        slots.append(
            Slot(
                tour=tour,
                start=start,
                end=start + tour.duration,
                capacity=cap,
                booked=min(booked, cap),
                status=status,
            )
        )
    Slot.objects.bulk_create(slots)
    return now


def test_the_sql_twin_gives_the_python_rule_s_answer_for_every_kind_of_slot():
    now = _grid()
    rows = Slot.objects.select_related("tour").annotate(sql=capacity.available_places(now))
    disagree = [
        (s.tour.kind, s.tour.published, s.status, s.booked, s.start - now, s.sql)
        for s in rows
        if s.sql != capacity.places_bookable(s, now=now)
    ]
    assert rows.count() == 3 * len(STARTS) * 3 * 3
    assert disagree == []
    # The grid holds every state, so the agreement is not an accident of one branch.
    assert {capacity.slot_state(s, now=now) for s in rows} == set(SlotState)


def test_the_sql_state_gives_the_python_rule_s_state_for_every_kind_of_slot():
    now = _grid()
    rows = Slot.objects.select_related("tour").annotate(sql=capacity.slot_state_sql(now))
    disagree = [
        (s.tour.kind, s.tour.published, s.status, s.booked, s.start - now, s.sql)
        for s in rows
        if s.sql != capacity.slot_state(s, now=now)
    ]
    assert disagree == []
    assert {s.sql for s in rows} == set(SlotState)


def test_a_slot_past_its_cut_off_is_not_bookable_and_has_no_places(api):
    tour = TourFactory(booking_cutoff=timedelta(hours=2))
    late = SlotFactory(tour=tour, start=timezone.now() + timedelta(hours=1), capacity=20)
    early = SlotFactory(tour=tour, start=timezone.now() + timedelta(days=2), capacity=20)
    by_id = {s["id"]: s for s in api.get("/api/v1/slots/").json()["results"]}
    assert (by_id[late.pk]["available"], by_id[late.pk]["bookable"]) == (0, False)
    assert (by_id[early.pk]["available"], by_id[early.pk]["bookable"]) == (20, True)

    def ids(query: str) -> set[int]:
        return {s["id"] for s in api.get(f"/api/v1/slots/?{query}").json()["results"]}

    assert ids("min_available=2") == {early.pk}
    assert ids("bookable=true") == {early.pk}
    assert ids("bookable=false") == {late.pk}


def test_the_readme_example_finds_slots_that_can_really_be_booked(api):
    """Find slots with room (the README's query), book the first: never a 409."""
    tour = TourFactory(booking_cutoff=timedelta(hours=3))
    SlotFactory(tour=tour, start=timezone.now() + timedelta(hours=2), capacity=20)  # too late
    full = SlotFactory(tour=tour, start=timezone.now() + timedelta(hours=5), capacity=2)
    book(full, party_size=2)
    SlotFactory(tour=tour, start=timezone.now() + timedelta(days=1), capacity=20)
    found = api.get("/api/v1/slots/?kind=open&bookable=true&min_available=2").json()["results"]
    assert len(found) == 1
    answer = api.post(
        "/api/v1/bookings/",
        {"slot": found[0]["id"], "name": "Anne", "email": "anne@example.com", "party_size": 2},
        format="json",
    )
    assert answer.status_code == 201, answer.json()


def test_a_group_visit_needs_room_for_its_smallest_group():
    now = timezone.now()
    tour = GroupTourFactory(min_group_size=10, max_group_size=40)
    small = SlotFactory(tour=tour, capacity=8)
    roomy = SlotFactory(tour=tour, start=small.start + timedelta(hours=3), capacity=40)
    assert capacity.slot_state(small, now=now) == SlotState.FULL
    assert capacity.places_bookable(roomy, now=now) == 40
    with pytest.raises(errors.NotEnoughPlaces):  # a refusal for want of places: FULL
        capacity.slot_check_bookable(slot=small, party_size=10, now=now)


@pytest.mark.parametrize("limits", [True, False], ids=["rate-limits-on", "rate-limits-off"])
def test_the_party_filter_gives_the_booking_service_s_answer_for_every_party_size(settings, limits):
    """bookable_for_party(N) finds exactly the slots an online booking for N people would
    not be refused on (slot_check_bookable and the open tour's limit per online booking)."""
    settings.RATELIMIT_ENABLE = limits
    settings.BOOKING_MAX_PLACES = 10
    now = _grid()
    SlotFactory(tour=TourFactory(online_max_places=30), capacity=40)
    rows = list(Slot.objects.select_related("tour"))
    mismatches = []
    for party in (None, 1, 4, 9, 10, 11, 12, 35, 40, 41, 500, 501):
        found = set(
            Slot.objects.filter(capacity.bookable_for_party(party, now)).values_list(
                "pk", flat=True
            )
        )
        for slot in rows:
            if party is None:
                expected = capacity.is_bookable(slot, now=now)
            else:
                try:
                    capacity.slot_check_bookable(slot=slot, party_size=party, now=now)
                    capacity.check_party_limit(slot, party, Booking.Source.ONLINE)
                    expected = True
                except errors.BookingError:
                    expected = False
            if (slot.pk in found) != expected:
                mismatches.append((party, slot.tour.kind, slot.status, slot.booked, expected))
    assert mismatches == []
