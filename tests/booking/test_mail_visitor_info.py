"""The confirmation says the cancellation terms and what to bring in the visitor's
language; the reminder links the tour's own meeting point and says its parking and what to
bring (tours.visitor_info, the same words as the tour page)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from booking.models import Booking, MailKind
from tests.booking.test_reminders import _booked_long_ago, run_worker
from tests.factories import CompanyFactory, SlotFactory, TourFactory, book
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


def _slot(**tour_fields):
    company = CompanyFactory(
        name="Honningpigen",
        phone="+45 57 61 22 33",
        latitude=Decimal("55.44260"),
        longitude=Decimal("11.79000"),
        parking="Langs indkørslen.",
    )
    tour = TourFactory(
        company=company,
        what_to_bring="Lange bukser og lukkede sko.",
        what_to_bring_de="Lange Hosen und geschlossene Schuhe.",
        cancellation_deadline=timedelta(days=2),
        **tour_fields,
    )
    return SlotFactory(tour=tour, start=timezone.now() + timedelta(days=5))


def _confirmation(booking: Booking):
    deliver(kind=MailKind.CONFIRMED)
    (message,) = [m for m in mail.outbox if booking.email in m.to[0]]
    html = message.alternatives[0][0] if message.alternatives else ""
    return message.body, html


@pytest.mark.parametrize(
    ("language", "terms", "bring"),
    [
        (
            "de",
            "Sie können Ihre Buchung bis 2 Tage vor Beginn kostenlos auf Ihrer Buchungsseite "
            "ändern oder stornieren. Danach rufen Sie bitte Honningpigen unter +45 57 61 22 33 an.",
            "Lange Hosen und geschlossene Schuhe.",
        ),
        (
            "en",
            "You can change or cancel your booking free of charge up to 2 days before the start, "
            "on your booking page.",
            "Lange bukser og lukkede sko.",  # no English text: the Danish one
        ),
        ("da", "gratis indtil 2 dage før starten", "Lange bukser og lukkede sko."),
    ],
)
def test_the_confirmation_says_the_terms_and_what_to_bring(language, terms, bring):
    booking = book(_slot(), language=language)
    body, html = _confirmation(booking)
    assert terms in body and terms in html
    assert bring in body and bring in html


def test_the_booking_form_says_the_terms_beside_the_submit_button(client):
    slot = _slot()
    with translation.override("de"):
        html = client.get(reverse("booking:book", args=[slot.pk])).content.decode()
    assert 'data-testid="form-terms">Sie können Ihre Buchung bis 2 Tage vor Beginn' in html


@pytest.mark.django_db(transaction=True)  # the worker runs its jobs as in test_reminders
def test_the_reminder_links_the_tours_own_meeting_point_and_parking(settings):
    slot = _slot(
        meeting_latitude=Decimal("55.44205"),
        meeting_longitude=Decimal("11.78880"),
        parking="Ved honningboden, ikke på gårdspladsen.",
    )
    Booking.objects.all().delete()
    slot.start = timezone.now() + timedelta(hours=10)
    slot.end = slot.start + slot.tour.duration
    slot.save()
    booking = _booked_long_ago(slot)
    mail.outbox.clear()
    run_worker()
    (reminder,) = [m for m in mail.outbox if m.subject.startswith("Reminder:")]
    assert "mlat=55.44205&mlon=11.78880" in reminder.body
    assert "Ved honningboden" in reminder.body and "Langs indkørslen" not in reminder.body
    assert "What to bring: Lange bukser og lukkede sko." in reminder.body
    assert booking.email in reminder.to
