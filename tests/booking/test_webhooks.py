"""The booking services tell partners of each change by webhook, in the change's
transaction: booking created / changed / cancelled and availability changed, thin payloads
with ids and URLs and no personal data; a refused change writes no event."""

import json
from datetime import timedelta

import pytest
from django.db import transaction

from booking import errors, holds, services, slot_services, waitlist
from core.contact import VisitorData
from notify.models import WebhookEndpoint, WebhookEventType, WebhookMessage
from tests.factories import SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db

ALL = list(WebhookEventType.values)


@pytest.fixture
def partner():
    return WebhookEndpoint.objects.create(url="https://partner.example/hooks", event_types=ALL)


def events() -> list[tuple[str, dict]]:
    """(type, data) of every message written, oldest first."""
    return [
        (m.event_type, m.payload["data"]) for m in WebhookMessage.objects.order_by("created", "pk")
    ]


def types() -> list[str]:
    return [t for t, _ in events()]


def test_a_booking_is_announced_with_ids_and_urls(partner, settings):
    slot = SlotFactory()
    booking = book(slot, party_size=2, name="Anne Hansen", email="anne@example.com")
    assert types() == ["booking.created", "availability.changed"]
    created, availability = (data for _, data in events())
    site = settings.SITE_URL
    assert created == {
        "booking": {
            "reference": booking.reference,
            "url": f"{site}/api/v1/staff/bookings/{booking.reference}/",
        },
        "slot": {"id": slot.pk, "url": f"{site}/api/v1/slots/{slot.pk}/"},
        "tour": {"id": slot.tour_id, "url": f"{site}/api/v1/tours/{slot.tour_id}/"},
        "company": {"id": slot.tour.company_id},
    }
    assert availability["slot"]["id"] == slot.pk
    assert WebhookMessage.objects.get(event_type="booking.created").deliveries.count() == 1


def test_no_personal_data_in_any_payload(partner):
    slot = SlotFactory()
    booking = book(slot, name="Anne Hansen", email="anne@example.com", phone="+45 20 30 40 50")
    services.booking_change(booking=booking, party_size=3)
    services.booking_cancel(booking=booking)
    text = json.dumps([m.payload for m in WebhookMessage.objects.all()])
    for personal in ("Anne", "anne@example.com", "20 30 40 50", booking.token):
        assert personal not in text


def test_change_and_move_are_announced(partner):
    slot = SlotFactory()
    other = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    booking = book(slot)
    WebhookMessage.objects.all().delete()
    services.booking_change(booking=booking, slot_id=other.pk)
    changed = [d for t, d in events() if t == "booking.changed"]
    assert changed[0]["slot"]["id"] == other.pk
    assert changed[0]["previous_slot"]["id"] == slot.pk
    moved = sorted(d["slot"]["id"] for t, d in events() if t == "availability.changed")
    assert moved == sorted([slot.pk, other.pk])


def test_cancel_is_announced(partner):
    booking = book(SlotFactory())
    WebhookMessage.objects.all().delete()
    services.booking_cancel(booking=booking)
    assert types() == ["booking.cancelled", "availability.changed"]


def test_a_refused_booking_writes_no_event(partner):
    slot = SlotFactory(capacity=1)
    with pytest.raises(errors.BookingError):
        services.booking_create(
            slot_id=slot.pk,
            visitor=VisitorData(name="A", email="a@example.com", language="da"),
            party_size=2,
        )
    assert not WebhookMessage.objects.exists()


def test_slot_changes_announce_availability(partner):
    tour = TourFactory()
    slot = slot_services.slot_create(
        tour=tour, start=SlotFactory.build(tour=tour).start, capacity=10
    )
    slot_services.slot_set_capacity(slot_id=slot.pk, capacity=12)
    slot_services.slot_close(slot_id=slot.pk)
    slot_services.slot_reopen(slot_id=slot.pk)
    slot_services.slot_move(slot_id=slot.pk, start=slot.start + timedelta(hours=2))
    slot_services.slot_cancel(slot_id=slot.pk)
    assert types() == ["availability.changed"] * 6
    assert {d["slot"]["id"] for _, d in events()} == {slot.pk}


def test_cancelling_a_departure_announces_each_booking(partner):
    slot = SlotFactory()
    first, second = book(slot), book(slot, email="b@example.com")
    WebhookMessage.objects.all().delete()
    slot_services.slot_cancel(slot_id=slot.pk)
    cancelled = [d["booking"]["reference"] for t, d in events() if t == "booking.cancelled"]
    assert sorted(cancelled) == sorted([first.reference, second.reference])
    assert types().count("availability.changed") == 1


@pytest.mark.parametrize("departures", [1, 20])
def test_a_season_of_departures_is_announced_in_bounded_queries(
    partner, departures, django_assert_max_num_queries
):
    tour = TourFactory()
    start = SlotFactory.build(tour=tour).start
    # The pattern's own queries, then one for the endpoints and three inserts (messages,
    # deliveries, task), however many departures.
    with django_assert_max_num_queries(9):
        created = slot_services.slots_create_from_pattern(
            tour=tour, starts=[start + timedelta(days=n) for n in range(departures)], capacity=10
        )
    assert len(created) == departures
    assert WebhookMessage.objects.filter(event_type="availability.changed").count() == departures


def test_a_waiting_list_offer_and_its_expiry_announce_availability(partner):
    slot = SlotFactory(capacity=2)
    booking = book(slot, party_size=2)
    entry = waitlist.waitlist_join(
        slot_id=slot.pk,
        visitor=VisitorData(name="B", email="b@example.com", language="da"),
        party_size=2,
    )
    services.booking_cancel(booking=booking)  # the places go to the offer
    entry.refresh_from_db()
    WebhookMessage.objects.all().delete()
    assert waitlist.waitlist_expire(entry_id=entry.pk, now=entry.offered_until)
    assert types() == ["availability.changed"]


def test_holds_announce_availability(partner):
    slot = SlotFactory()
    with transaction.atomic():
        holds.slot_hold(slot_ids=[slot.pk], holder="events.stop:1")
    with transaction.atomic():
        holds.slot_release(holder="events.stop:1", now=slot.start - timedelta(days=1))
    assert types() == ["availability.changed", "availability.changed"]


def test_an_endpoint_hears_only_what_it_subscribed_to():
    WebhookEndpoint.objects.create(
        url="https://partner.example/hooks", event_types=["booking.cancelled"]
    )
    booking = book(SlotFactory())
    assert not WebhookMessage.objects.exists()
    services.booking_cancel(booking=booking)
    assert types() == ["booking.cancelled"]


def test_nobody_subscribed_writes_nothing():
    """Control for every test above: the events come from the endpoint, not from booking."""
    booking = book(SlotFactory())
    services.booking_cancel(booking=booking)
    assert not WebhookMessage.objects.exists()


def test_an_endpoint_limited_to_a_company_hears_only_its_changes():
    mine, theirs = SlotFactory(), SlotFactory()
    WebhookEndpoint.objects.create(
        url="https://gaard.example/hooks",
        event_types=ALL,
        company_ids=[mine.tour.company_id],
    )
    book(theirs)
    assert not WebhookMessage.objects.exists()
    book(mine)
    assert types() == ["booking.created", "availability.changed"]
    assert {d["company"]["id"] for _, d in events()} == {mine.tour.company_id}


def test_cancelling_a_departure_reaches_a_company_limited_endpoint():
    slot = SlotFactory()
    bookings = [book(slot, email=f"v{n}@example.com") for n in range(3)]
    WebhookEndpoint.objects.create(
        url="https://gaard.example/hooks", event_types=ALL, company_ids=[slot.tour.company_id]
    )
    slot_services.slot_cancel(slot_id=slot.pk)
    cancelled = {d["booking"]["reference"] for t, d in events() if t == "booking.cancelled"}
    assert cancelled == {b.reference for b in bookings}
