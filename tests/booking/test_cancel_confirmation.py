"""Cancelling asks once, saying what will happen; nothing is cancelled before the person
confirms (issue 12, point 4): the visitor's page, the workspace's booking and departure
cancels. The API keeps its single call."""

import pytest
from django.urls import reverse
from django.utils import translation

from booking.models import Booking, MailKind
from notify.models import OutboundMail
from tests import factories
from tours.models import Slot

pytestmark = pytest.mark.django_db
LANGS = ("da", "en", "de")


def _url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def _t(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def _mails() -> set[str]:
    return set(OutboundMail.objects.values_list("kind", flat=True))


@pytest.fixture
def booking():
    slot = factories.SlotFactory(capacity=30, tour__title="Æbleplantagen")
    booking = factories.book(slot, party_size=25, email="skole@example.dk", name="Maribo Skole")
    OutboundMail.objects.all().delete()  # the booking's own confirmation mails
    return booking


def _still_booked(booking: Booking) -> None:
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert Slot.objects.get(pk=booking.slot_id).booked == 25
    assert _mails() == set()


@pytest.mark.parametrize("lang", LANGS)
def test_the_visitor_is_asked_with_the_booking_people_and_mails(client, booking, lang):
    page = client.get(_url("booking:manage", lang, token=booking.token)).content.decode()
    cancel = _url("booking:cancel", lang, token=booking.token)
    # The booking's page links to the question; no form there cancels on one tap.
    assert f'href="{cancel}"' in page
    assert f'action="{cancel}"' not in page
    response = client.get(cancel)
    assert response.status_code == 200
    body = response.content.decode()
    assert booking.display_reference in body
    assert 'data-testid="party-size">25<' in body
    assert "skole@example.dk" in body  # where the confirmation goes
    assert booking.slot.tour.company.name in body  # who is told
    assert _t(lang, "Yes, cancel my booking") in body
    _still_booked(booking)


@pytest.mark.parametrize("lang", LANGS)
def test_a_visitors_post_without_the_confirmation_cancels_nothing(client, booking, lang):
    # What the old one-tap form sent.
    response = client.post(_url("booking:cancel", lang, token=booking.token))
    assert response.status_code == 200
    assert _t(lang, "What happens if you cancel") in response.content.decode()
    _still_booked(booking)


@pytest.mark.parametrize("lang", LANGS)
def test_the_visitors_confirmation_cancels_and_sends_the_mails(client, booking, lang):
    cancel = _url("booking:cancel", lang, token=booking.token)
    response = client.post(cancel, {"confirm": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert Slot.objects.get(pk=booking.slot_id).booked == 0
    assert _mails() == {MailKind.CANCELLED, MailKind.COMPANY_CANCELLED}


@pytest.fixture
def staff(client, booking):
    membership = factories.MembershipFactory(company=booking.slot.tour.company)
    client.force_login(membership.user)
    return membership.user


@pytest.mark.parametrize("lang", LANGS)
def test_staff_are_asked_before_a_booking_is_cancelled(client, staff, booking, lang):
    url = _url("workspace:booking_cancel", lang, pk=booking.pk)
    body = client.get(url).content.decode()
    assert booking.display_reference in body and "Maribo Skole" in body
    assert "skole@example.dk" in body
    assert client.post(url).status_code == 200  # no confirmation: asks again
    _still_booked(booking)
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert _mails() == {MailKind.CANCELLED, MailKind.COMPANY_CANCELLED}


@pytest.mark.parametrize("lang", LANGS)
def test_staff_are_asked_before_a_whole_departure_is_cancelled(client, staff, booking, lang):
    second = factories.book(booking.slot, party_size=3, name="Jens Holm", email="j@example.dk")
    OutboundMail.objects.all().delete()
    url = _url("workspace:slot_cancel", lang, pk=booking.slot_id)
    body = client.get(url).content.decode()
    assert "Maribo Skole" in body and "Jens Holm" in body
    with translation.override(lang):
        people = translation.ngettext(
            "That is %(n)s person in all.", "That is %(n)s people in all.", 28
        ) % {"n": 28}
    assert people in body
    assert client.post(url).status_code == 200
    assert Slot.objects.get(pk=booking.slot_id).status == Slot.Status.SCHEDULED
    assert _mails() == set()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert Slot.objects.get(pk=booking.slot_id).status == Slot.Status.CANCELLED
    assert set(
        Booking.objects.filter(pk__in=[booking.pk, second.pk]).values_list("status", flat=True)
    ) == {Booking.Status.CANCELLED}


def test_the_api_keeps_its_single_call(booking):
    # Control: partners cancel in one request, as documented (docs/api.md).
    from rest_framework.test import APIClient

    api = APIClient()
    url = f"/api/v1/bookings/{booking.reference}/cancel/?token={booking.token}"
    response = api.post(url)
    assert response.status_code == 200, response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
