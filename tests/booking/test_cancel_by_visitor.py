"""booking_cancel(by_visitor=True): the visitor's own cancellation, bounded by the tour's
cancellation deadline; nothing changes when it is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from booking import errors, services
from booking.models import Booking
from tests.factories import SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db


def _booking(deadline: timedelta = timedelta(hours=24)):
    tour = TourFactory(cancellation_deadline=deadline)
    slot = SlotFactory(tour=tour, start=timezone.now() + timedelta(days=3), capacity=10)
    return book(slot, party_size=4)


def test_before_the_deadline_the_booking_is_cancelled_and_places_freed():
    booking = _booking()
    last_moment = booking.slot.start - timedelta(hours=24) - timedelta(seconds=1)

    cancelled = services.booking_cancel(booking=booking, now=last_moment, by_visitor=True)

    assert cancelled.status == Booking.Status.CANCELLED
    booking.slot.refresh_from_db()
    assert booking.slot.booked == 0


def test_at_the_deadline_it_is_refused_and_nothing_changes():
    booking = _booking()
    deadline = booking.slot.start - timedelta(hours=24)

    with pytest.raises(errors.ChangeDeadlinePassed):
        services.booking_cancel(booking=booking, now=deadline, by_visitor=True)

    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.slot.booked == 4
    assert booking.sequence == 0


def test_an_already_cancelled_booking_says_so_even_after_the_deadline():
    booking = _booking()
    services.booking_cancel(booking=booking)
    booking.refresh_from_db()

    with pytest.raises(errors.BookingNotActive):
        services.booking_cancel(booking=booking, now=booking.slot.start, by_visitor=True)
