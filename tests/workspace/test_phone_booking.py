"""Phone bookings (issue 12 point 10): a caller without an e-mail address can be booked with a
phone number; the booking counts in the places, no mail or invitation is written for it,
and staff find the departure from the phone-booking page by tour and day."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from booking import reminders, services
from booking.models import Booking, MailKind
from core import confirm
from core.errors import ContactInvalid
from notify.models import OutboundMail
from tests import factories
from tours.models import Slot

pytestmark = pytest.mark.django_db

NO_CONTACT = "Enter the visitor's e-mail address or phone number, so they can be reached."


def _data(**overrides) -> dict:
    data = {
        "party_size": "3",
        "name": "Karen Jørgensen",
        "email": "",
        "phone": "+45 54 78 12 34",
        "organisation": "",
        "language": "da",
        "note": "Ringer fra plejehjemmet",
        "submission_id": "0b8c1d2e-3f40-4a5b-9c6d-7e8f9a0b1c2d",
    }
    data.update(overrides)
    return data


def _url(view: str, lang: str = "da", **kwargs) -> str:
    with translation.override(lang):
        return reverse(view, kwargs=kwargs)


def test_staff_book_a_caller_with_a_phone_number_alone(client, world):
    client.force_login(world.staff_a)
    mails_before = set(OutboundMail.objects.values_list("pk", flat=True))
    tasks_before = DBTaskResult.objects.count()

    response = client.post(_url("workspace:slot_book", pk=world.slot_a.pk), _data(), follow=True)

    booking = Booking.objects.get(name="Karen Jørgensen")
    assert (booking.email, booking.phone, booking.source) == ("", "+45 54 78 12 34", "phone")
    assert Slot.objects.get(pk=world.slot_a.pk).booked == 2 + 3  # it counts in the places
    # The company hears of it; nothing is written for a visitor who has no address.
    kinds = list(OutboundMail.objects.exclude(pk__in=mails_before).values_list("kind", flat=True))
    assert kinds == [MailKind.COMPANY_NEW]
    assert not OutboundMail.objects.filter(recipient="").exists()
    # No reminder will be sent, and no task is written (the outbox is polled).
    assert DBTaskResult.objects.count() == tasks_before
    assert booking.pk not in reminders.booking_reminders_due(
        now=world.slot_a.start - world.slot_a.tour.reminder_before
    )
    html = response.content.decode()
    assert booking.display_reference in html
    with translation.override("da"):
        told = gettext(
            "Booked: reference %(ref)s. No e-mail address, so no confirmation is sent: "
            "give the visitor the reference on the phone."
        ) % {"ref": booking.display_reference}
    assert told in html
    # The visitor list shows the phone number to call.
    assert 'href="tel:%2B45%2054%2078%2012%2034"' in html


def test_cancelling_a_booking_without_e_mail_writes_no_visitor_mail(client, world):
    booking = services.booking_create(
        slot_id=world.slot_a.pk,
        visitor=factories.visitor(email="", phone="+45 20 30 40 50"),
        party_size=2,
        source=Booking.Source.PHONE,
    )
    client.force_login(world.staff_a)
    before = set(OutboundMail.objects.values_list("pk", flat=True))
    client.post(_url("workspace:booking_cancel", pk=booking.pk), {confirm.FIELD: confirm.VALUE})
    kinds = list(OutboundMail.objects.exclude(pk__in=before).values_list("kind", flat=True))
    assert kinds == [MailKind.COMPANY_CANCELLED]


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_neither_e_mail_nor_phone_is_refused_in_the_staff_language(client, world, lang):
    client.force_login(world.staff_a)
    response = client.post(
        _url("workspace:slot_book", lang, pk=world.slot_a.pk), _data(phone="", email="")
    )
    assert response.status_code == 400
    with translation.override(lang):
        assert gettext(NO_CONTACT).replace("'", "&#x27;") in response.content.decode()
    assert not Booking.objects.filter(name="Karen Jørgensen").exists()


def test_control_a_visitor_booking_online_needs_an_e_mail_address(client, world):
    with pytest.raises(ContactInvalid) as refused:
        services.booking_create(
            slot_id=world.slot_a.pk,
            visitor=factories.visitor(email="", phone="+45 20 30 40 50"),
            party_size=1,
        )
    assert refused.value.field == "email"
    data = _data(email="")
    response = client.post(_url("booking:book", slot_id=world.slot_a.pk), data)
    assert response.status_code == 400
    assert not Booking.objects.filter(name="Karen Jørgensen").exists()


def test_the_database_refuses_an_online_booking_without_an_address(world):
    booking = factories.book(world.slot_a, party_size=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(email="")
    # Control: a phone booking with a phone number may have none.
    Booking.objects.filter(pk=booking.pk).update(source="phone", phone="+45 20 30 40 50", email="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(phone="")


def test_the_help_texts_speak_to_staff(client, world):
    client.force_login(world.staff_a)
    html = client.get(_url("workspace:slot_book", "en", pk=world.slot_a.pk)).content.decode()
    assert "If the caller has one, they get the confirmation" in html
    assert "Needed when there is no e-mail address" in html
    assert 'id="id_email"' in html and "required" not in html.split('id="id_email"')[0][-200:]


# --- finding the departure --------------------------------------------------------------


def test_staff_find_a_departure_by_tour_and_day(client, world):
    day = timezone.localdate(world.slot_a.start)
    later = factories.SlotFactory(tour=world.tour_a, start=world.slot_a.start + timedelta(hours=3))
    full = factories.SlotFactory(
        tour=world.tour_a, start=world.slot_a.start + timedelta(hours=5), capacity=2
    )
    factories.book(full, party_size=2)
    client.force_login(world.staff_a)

    response = client.get(
        _url("workspace:phone_booking", "en"), {"tour": world.tour_a.pk, "day": day.isoformat()}
    )

    html = response.content.decode()
    assert response.status_code == 200
    for slot in (world.slot_a, later):
        assert _url("workspace:slot_book", "en", pk=slot.pk) in html
    assert _url("workspace:slot_book", "en", pk=full.pk) not in html
    assert "Fully booked" in html


def test_a_day_without_places_offers_the_next_departures_with_places(client, world):
    next_slot = factories.SlotFactory(
        tour=world.tour_a, start=world.slot_a.start + timedelta(days=3)
    )
    quiet_day = timezone.localdate(world.slot_a.start) + timedelta(days=1)
    client.force_login(world.staff_a)
    response = client.get(
        _url("workspace:phone_booking", "en"),
        {"tour": world.tour_a.pk, "day": quiet_day.isoformat()},
    )
    html = response.content.decode()
    assert "No departures on this day." in html
    assert _url("workspace:slot_book", "en", pk=next_slot.pk) in html


def test_another_company_s_tour_cannot_be_chosen(client, world):
    client.force_login(world.staff_a)
    day = timezone.localdate(world.slot_b.start).isoformat()
    response = client.get(_url("workspace:phone_booking"), {"tour": world.tour_b.pk, "day": day})
    assert response.status_code == 400
    assert _url("workspace:slot_book", pk=world.slot_b.pk) not in response.content.decode()


def test_the_phone_booking_page_answers_in_bounded_queries(
    client, world, django_assert_max_num_queries
):
    for hours in range(1, 20):
        factories.SlotFactory(tour=world.tour_a, start=world.slot_a.start + timedelta(hours=hours))
    client.force_login(world.staff_a)
    day = timezone.localdate(world.slot_a.start).isoformat()
    with django_assert_max_num_queries(12):
        response = client.get(
            _url("workspace:phone_booking"), {"tour": world.tour_a.pk, "day": day}
        )
    assert response.status_code == 200
