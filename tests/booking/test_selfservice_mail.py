"""The mails of self-service, sent by the real task worker: offer, expiry, company notice."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from booking import services, waitlist
from booking.models import WaitlistEntry
from tests.factories import SlotFactory, book, visitor

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def sent_to(email: str, subject_start: str) -> list:
    return [m for m in mail.outbox if m.to == [email] and m.subject.startswith(subject_start)]


def _let_offer_run_out(entry: WaitlistEntry) -> None:
    """Moves the offer's end, and its expiry task, into the past (the test cannot wait 12 h)."""
    past = timezone.now() - timedelta(minutes=1)
    WaitlistEntry.objects.filter(pk=entry.pk).update(offered_until=past)
    DBTaskResult.objects.filter(
        task_path__endswith="waitlist_expire_task", args_kwargs__kwargs__entry_id=entry.pk
    ).update(run_after=past)


def test_offer_is_mailed_and_passes_on_when_unanswered():
    slot = SlotFactory(capacity=2)
    first = book(slot, party_size=2)
    a = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email="a@x.dk", language="en"), party_size=2
    )
    b = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email="b@x.dk", language="en"), party_size=2
    )
    services.booking_cancel(booking=first)
    run_worker()
    offers = sent_to("a@x.dk", "Places for you")
    assert len(offers) == 1
    assert a.get_absolute_url() in offers[0].body
    assert sent_to("b@x.dk", "Places for you") == []
    assert len(sent_to("b@x.dk", "You are on the waiting list")) == 1

    _let_offer_run_out(a)
    run_worker()
    run_worker()
    a.refresh_from_db()
    b.refresh_from_db()
    slot.refresh_from_db()
    assert (a.status, b.status, slot.booked) == ("expired", "offered", 2)
    assert len(sent_to("a@x.dk", "Your offer has expired")) == 1
    assert len(sent_to("b@x.dk", "Places for you")) == 1


def test_the_company_hears_of_a_visitors_change():
    slot = SlotFactory(capacity=10)
    other = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    booking = book(slot, party_size=2, name="Bo Berg")
    services.booking_change(booking=booking, slot_id=other.pk, party_size=4, by_visitor=True)
    run_worker()
    company = slot.tour.company
    with translation.override(settings.LANGUAGE_CODE):  # companies are written to in it
        changed = gettext("Booking changed by the visitor: %(tour)s (%(ref)s)") % {
            "tour": slot.tour.title,
            "ref": booking.display_reference,
        }
    notices = [m for m in mail.outbox if m.to == [company.email] and m.subject == changed]
    assert len(notices) == 1
    body = notices[0].body
    assert "Bo Berg" in body
    assert notices[0].reply_to == [booking.email]
    assert ", 2 " in body
    assert ", 4 " in body
