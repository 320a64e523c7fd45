"""Limits on a visitor's own bookings of an open tour (issue 13, finding 2): places per
booking and bookings per e-mail address per departure, from the tour or the site's default,
enforced in the booking service; staff bookings and group visits are not limited."""

import pytest

from booking import errors, services, waitlist
from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book, visitor

pytestmark = pytest.mark.django_db


def test_one_request_can_no_longer_take_a_whole_departure(settings):
    settings.BOOKING_MAX_PLACES = 10
    slot = SlotFactory(capacity=20)
    with pytest.raises(errors.GroupTooLarge) as refused:
        book(slot, party_size=20)
    company = slot.tour.company
    assert company.phone in refused.value.text and company.email in refused.value.text
    assert refused.value.field == "party_size"
    slot.refresh_from_db()
    assert slot.booked == 0 and not Booking.objects.exists()
    assert book(slot, party_size=10).party_size == 10  # control: at the limit


def test_a_tour_sets_its_own_limit():
    slot = SlotFactory(capacity=30, tour=TourFactory(online_max_places=4))
    with pytest.raises(errors.GroupTooLarge):
        book(slot, party_size=5)
    assert book(slot, party_size=4)


def test_staff_on_the_phone_and_group_visits_are_not_limited(settings):
    settings.BOOKING_MAX_PLACES = 2
    slot = SlotFactory(capacity=20)
    booking = services.booking_create(
        slot_id=slot.pk, visitor=visitor(), party_size=15, source=Booking.Source.PHONE
    )
    assert booking.party_size == 15
    group = SlotFactory(tour=GroupTourFactory(min_group_size=10, max_group_size=40), capacity=40)
    assert book(group, party_size=30).party_size == 30


def test_bookings_per_email_address_per_departure(settings):
    settings.BOOKING_MAX_PER_EMAIL = 2
    slot = SlotFactory(capacity=50)
    book(slot, party_size=1, email="anne@example.dk")
    book(slot, party_size=1, email="Anne@Example.dk")
    with pytest.raises(errors.TooManyBookingsForEmail):
        book(slot, party_size=1, email="anne@example.dk")
    assert book(SlotFactory(tour=slot.tour, capacity=5), party_size=1, email="anne@example.dk")
    assert book(slot, party_size=1, email="bo@example.dk")  # control: another address


def test_a_cancelled_booking_does_not_count(settings):
    settings.BOOKING_MAX_PER_EMAIL = 1
    slot = SlotFactory(capacity=10)
    first = book(slot, party_size=1, email="anne@example.dk")
    services.booking_cancel(booking=first)
    assert book(slot, party_size=1, email="anne@example.dk")


def test_the_visitor_cannot_grow_a_booking_past_the_limit(settings):
    settings.BOOKING_MAX_PLACES = 6
    booking = book(SlotFactory(capacity=30), party_size=2)
    with pytest.raises(errors.GroupTooLarge):
        services.booking_change(booking=booking, party_size=7, by_visitor=True)
    assert services.booking_change(booking=booking, party_size=6, by_visitor=True)


def test_the_waiting_list_takes_no_larger_party(settings):
    settings.BOOKING_MAX_PLACES = 4
    slot = SlotFactory(capacity=8)
    book(slot, party_size=4, email="a@example.dk")
    book(slot, party_size=4, email="b@example.dk")
    with pytest.raises(errors.GroupTooLarge):
        waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(), party_size=5)


def test_the_form_shows_the_company_contact(client, settings):
    settings.BOOKING_MAX_PLACES = 3
    slot = SlotFactory(capacity=20)
    response = client.post(
        f"/en/book/{slot.pk}/",
        {
            "name": "Anne",
            "email": "anne@example.dk",
            "party_size": 8,
            "language": "en",
            "submission_id": "00000000-0000-4000-8000-000000000001",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Online bookings are for up to 3 people" in html
    assert slot.tour.company.phone in html


def test_rate_limits_off_lifts_these_limits_too(settings):
    """For load tests (docs/security.md): the benchmark books on one slot from one address."""
    settings.BOOKING_MAX_PLACES, settings.BOOKING_MAX_PER_EMAIL = 2, 1
    settings.RATELIMIT_ENABLE = False
    slot = SlotFactory(capacity=20)
    book(slot, party_size=5, email="bench@example.dk")
    assert book(slot, party_size=5, email="bench@example.dk")
