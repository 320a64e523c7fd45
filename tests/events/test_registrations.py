"""Registration through the one booking service: capacity, deadline, waiting list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from booking import errors as booking_errors
from core.errors import ContactInvalid
from events import errors, registrations, services
from events.models import Event, Registration
from notify.models import OutboundMail
from tests.factories import CompanyFactory, EventFactory, plan_stops, register, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(at):
    event = EventFactory(capacity=5)
    plan_stops(event, (CompanyFactory(), at(10), at(11)))
    return services.event_publish(event=event)


def _kinds(registration) -> list[str]:
    """The kinds of mail the outbox owes this participant."""
    return list(
        OutboundMail.objects.filter(context__registration_id=registration.pk)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_registration_takes_places_and_enqueues_the_invitation(event):
    registration = register(event, party_size=3, organisation="Lolland Kommune")
    event.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.organisation == "Lolland Kommune"
    assert event.registered == 3
    assert event.places_left == 2
    assert _kinds(registration) == ["event_confirmed"]


def test_too_few_places_puts_the_party_on_the_waiting_list(event):
    register(event, party_size=4)
    waiting = register(event, party_size=2, email="late@example.com")
    event.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    assert event.registered == 4
    assert _kinds(waiting) == ["event_waiting"]


def test_without_waiting_list_a_full_event_refuses(event):
    register(event, party_size=5)
    with pytest.raises(errors.EventFull):
        registrations.registration_create(
            event_id=event.pk, visitor=visitor(), party_size=1, waiting_list=False
        )
    assert Registration.objects.count() == 1


def test_a_smaller_party_that_fits_is_not_held_back_by_a_waiting_bigger_one(event):
    register(event, party_size=4)
    big = register(event, party_size=3, email="big@example.com")
    small = register(event, party_size=1, email="small@example.com")
    assert big.status == Registration.Status.WAITING
    assert small.status == Registration.Status.CONFIRMED


def test_a_cancellation_admits_waiting_parties_first_fit_in_order(event):
    first = register(event, party_size=4)
    big = register(event, party_size=3, email="big@example.com")
    small = register(event, party_size=2, email="small@example.com")

    registrations.registration_cancel(registration=first)

    big.refresh_from_db(), small.refresh_from_db(), event.refresh_from_db()
    assert big.status == Registration.Status.CONFIRMED
    assert small.status == Registration.Status.CONFIRMED
    assert event.registered == 5
    assert "event_admitted" in _kinds(big)
    with pytest.raises(errors.RegistrationNotActive):
        registrations.registration_cancel(registration=first)


def test_more_capacity_admits_the_waiting_list(event):
    register(event, party_size=5)
    waiting = register(event, party_size=2, email="w@example.com")
    services.event_update(event=event, capacity=7)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_registration_closes_at_the_deadline(event):
    with pytest.raises(errors.RegistrationClosed):
        registrations.registration_create(
            event_id=event.pk,
            visitor=visitor(),
            party_size=1,
            now=event.registration_deadline + timedelta(seconds=1),
        )
    assert not Registration.objects.exists()


def test_drafts_and_cancelled_events_take_no_registrations(at):
    draft = EventFactory()
    with pytest.raises(errors.EventNotOpen):
        register(draft)
    cancelled = EventFactory(status=Event.Status.CANCELLED, cancelled_at=timezone.now())
    with pytest.raises(errors.EventCancelled):
        register(cancelled)
    assert not Registration.objects.exists()


def test_visitor_details_are_checked_like_bookings(event):
    with pytest.raises(ContactInvalid) as caught:
        register(event, name="Anne\nBCC: x@example.com")
    assert caught.value.field == "name"
    with pytest.raises(booking_errors.PartySizeInvalid):
        register(event, party_size=0)
    assert not Registration.objects.exists()
