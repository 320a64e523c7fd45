"""The slot list is built from plain rows (booking.api.slots.listed_slots) and filters without
a FilterSet when it can (_quick_filter): both must answer exactly as SlotOutput and SlotFilter
do, for every kind of slot, language and filter."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from booking.api import slots as slot_api
from booking.api.slots import SlotOutput
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def frozen(monkeypatch):
    """One instant for the list and for the serializer it is compared with."""
    monkeypatch.setattr(slot_api.timezone, "now", lambda: NOW)
    return NOW


def _every_kind_of_slot() -> list[Slot]:
    day = timedelta(days=1)
    tour = TourFactory(title="Æbletur", title_en="Apple tour", booking_cutoff=timedelta(hours=2))
    slots = [
        SlotFactory(tour=tour, start=NOW + day, capacity=10),
        SlotFactory(tour=tour, start=NOW + 2 * day, capacity=2),  # booked full below
        SlotFactory(tour=tour, start=NOW + 3 * day, status=Slot.Status.CLOSED),
        SlotFactory(tour=tour, start=NOW + 4 * day, status=Slot.Status.CANCELLED),
        SlotFactory(tour=tour, start=NOW + timedelta(hours=1)),  # past the cut-off
        SlotFactory(tour=tour, start=NOW - timedelta(minutes=30)),  # started
        SlotFactory(tour__booking_cutoff=timedelta(0), start=NOW + timedelta(minutes=5)),
    ]
    book(slots[0], party_size=3)
    book(slots[1], party_size=2)
    group = GroupTourFactory(title="Skolebesøg", title_de="Schulbesuch")
    slots += [
        SlotFactory(tour=group, start=NOW + day),  # free
        SlotFactory(tour=group, start=NOW + 2 * day),  # taken below
        SlotFactory(tour=group, start=NOW + 3 * day, capacity=5),  # smaller than any group
    ]
    book(slots[-2], party_size=12, organisation="Skolen")
    for slot in slots:
        slot.refresh_from_db()
    return slots


@pytest.mark.parametrize("language", ["da", "en", "de"])
def test_every_listed_row_is_the_serializers_answer(api, frozen, language):
    slots = _every_kind_of_slot()
    query = {"from": (NOW - timedelta(days=1)).isoformat(), "page_size": 200}

    response = api.get("/api/v1/slots/", query, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    listed = response.json()["results"]
    context = {"request": response.wsgi_request, "now": NOW}
    with translation.override(language):
        expected = [SlotOutput(slot, context=context).data for slot in slots]
    expected.sort(key=lambda row: (row["start"], row["id"]))
    assert listed == [dict(row) for row in expected]
    # Every state is among them, so the comparison covers the whole rule.
    assert {row["bookable"] for row in listed} == {True, False}
    assert {row["status"] for row in listed} == {"scheduled", "closed", "cancelled"}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"tour": "{tour}"},
        {"tour": " {tour} "},
        {"tour": "+{tour}"},
        {"company": "{company}"},
        {"kind": "group"},
        {"status": "closed"},
        {"from": "{day}", "to": "{later}"},
        {"from": "2026-01-01", "tour": "{tour}"},
        {"min_available": "3"},
        {"min_available": "1", "kind": "open"},
        {"bookable": "true"},
        {"bookable": "false", "tour": "{tour}"},
        {"page_size": "3", "page": "2"},
        {"unknown": "ignored", "tour": "{tour}"},
    ],
)
def test_the_quick_filter_lists_what_the_filterset_lists(api, frozen, monkeypatch, query):
    slots = _every_kind_of_slot()
    values = {
        "tour": slots[0].tour_id,
        "company": slots[0].tour.company.slug,
        "day": (NOW + timedelta(hours=12)).isoformat(),
        "later": (NOW + timedelta(days=3)).isoformat(),
    }
    query = {name: value.format(**values) for name, value in query.items()}
    quick = api.get("/api/v1/slots/", query)
    monkeypatch.setattr(slot_api, "_quick_filter", lambda queryset, data: None)
    through_filterset = api.get("/api/v1/slots/", query)

    assert quick.status_code == through_filterset.status_code == 200
    assert quick.json() == through_filterset.json()


@pytest.mark.parametrize(
    "query",
    [{"tour": ""}, {"tour": "x"}, {"to": " "}, {"kind": "circus"}, {"from": "tomorrow"}],
)
def test_a_value_the_quick_filter_cannot_take_is_answered_by_the_filterset(api, query):
    response = api.get("/api/v1/slots/", query)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == list(query)
