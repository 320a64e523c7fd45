"""Every kind of mail goes through the outbox, not only booking invitations: with a real
SMTP server (aiosmtpd) stopped, the change commits and its mail waits; once the server is
back the worker delivers it exactly once. Reminder, waiting-list offer, lost link and an
event registration, each through the real services and the real worker."""

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.conf import settings
from django.utils import timezone, translation

from booking import links, reminders, services, waitlist
from booking.models import Booking, MailKind, WaitlistEntry
from events import services as event_services
from events.models import MailKind as EventMail
from events.models import Registration
from notify.models import OutboundMail
from tests.booking.mailserver import run_worker
from tests.factories import (
    CompanyFactory,
    EventFactory,
    SlotFactory,
    book,
    plan_stops,
    register,
    visitor,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _through_an_outage(smtp, kind: str) -> OutboundMail:
    """The worker tries while the server is down (the mail stays owed, with backoff), the
    server comes back, the retry falls due and the worker runs twice: returns the mail."""
    assert not smtp.is_up()
    run_worker()
    mail = OutboundMail.objects.get(kind=kind)
    assert (mail.state, mail.attempts) == (OutboundMail.State.PENDING, 1)
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at > timezone.now()
    past = timezone.now() - timedelta(seconds=1)  # the minute of backoff has passed
    OutboundMail.objects.filter(state=OutboundMail.State.PENDING).update(next_attempt_at=past)
    smtp.start()
    run_worker()
    run_worker()  # nothing is due any more: no second copy
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (OutboundMail.State.SENT, 2, "")
    return mail


def _only(smtp, address: str, subject_start: str) -> EmailMessage:
    matching = [m for m in smtp.inbox.to(address) if str(m["Subject"]).startswith(subject_start)]
    assert len(matching) == 1, [str(m["Subject"]) for m in smtp.inbox.to(address)]
    return matching[0]


def test_a_reminder_survives_an_outage_and_arrives_once(smtp):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot, language="en", email="rem@example.com")
    Booking.objects.filter(pk=booking.pk).update(created=timezone.now() - timedelta(days=2))
    smtp.stop()

    assert reminders.booking_remind(booking_id=booking.pk) is True  # the change commits
    assert Booking.objects.get(pk=booking.pk).reminder_sent_at is not None
    mail = _through_an_outage(smtp, MailKind.REMINDER)

    message = _only(smtp, "rem@example.com", "Reminder:")
    assert message["Message-ID"] == mail.message_id
    assert booking.get_absolute_url() in message.get_body(("plain",)).get_content()
    [ics] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert f"UID:{booking.uid}".encode() in ics.get_content().encode()


def test_a_waiting_list_offer_survives_an_outage_and_arrives_once(smtp):
    slot = SlotFactory(capacity=2)
    first = book(slot, party_size=2, email="first@example.com")
    entry = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email="wait@example.com", language="en"), party_size=2
    )
    run_worker()
    smtp.stop()

    services.booking_cancel(booking=first)  # frees the places: the offer commits with it
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    _through_an_outage(smtp, MailKind.WAITLIST_OFFER)

    offer = _only(smtp, "wait@example.com", "Places for you")
    assert entry.get_absolute_url() in offer.get_content()
    _only(smtp, "wait@example.com", "You are on the waiting list")  # sent before the outage


def test_an_offer_answered_before_the_server_is_back_is_not_sent(smtp):
    slot = SlotFactory(capacity=2)
    first = book(slot, party_size=2, email="first@example.com")
    entry = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email="wait@example.com", language="en"), party_size=2
    )
    smtp.stop()
    services.booking_cancel(booking=first)
    waitlist.waitlist_leave(entry=WaitlistEntry.objects.get(pk=entry.pk))  # before it went out
    smtp.start()
    run_worker()
    assert OutboundMail.objects.get(kind="waitlist_offer").state == OutboundMail.State.SKIPPED
    assert [m for m in smtp.inbox.to("wait@example.com") if "Places" in str(m["Subject"])] == []


def test_a_lost_link_survives_an_outage_and_arrives_once(smtp):
    booking = book(SlotFactory(), language="en", email="Lost@Example.com")
    run_worker()
    smtp.stop()

    links.booking_send_lost_link(email="lost@example.com", reference=booking.reference)
    _through_an_outage(smtp, MailKind.LINK)

    message = _only(smtp, booking.email, "Your booking link")
    assert booking.get_absolute_url() in message.get_content()


def test_an_event_registration_survives_an_outage_and_arrives_once(smtp):
    start = timezone.now().replace(microsecond=0) + timedelta(days=14)
    event = EventFactory()
    plan_stops(event, (CompanyFactory(), start, start + timedelta(hours=1)))
    event_services.event_publish(event=event)
    run_worker()  # the host's request
    smtp.stop()

    registration = register(event, email="deltager@example.com", language="en")
    assert registration.status == Registration.Status.CONFIRMED  # committed while down
    _through_an_outage(smtp, EventMail.EVENT_CONFIRMED)

    message = _only(smtp, "deltager@example.com", "Registration confirmed")
    [inline] = [
        p
        for p in message.walk()
        if p.get_content_type() == "text/calendar" and not p.get_filename()
    ]
    assert inline.get_param("method") == "REQUEST"
    assert b"METHOD:REQUEST" in inline.get_payload(decode=True)
    assert any(p.get_filename() == "invite.ics" for p in message.walk())


def test_the_admin_lists_every_kind_of_mail_with_what_it_is_about(admin_client):
    slot = SlotFactory(capacity=2)
    booking = book(slot, party_size=2, email="first@example.com")
    entry = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email="wait@example.com"), party_size=2
    )
    page = admin_client.get("/admin/notify/outboundmail/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the default
        joined = str(MailKind.WAITLIST_JOINED.label)
        about_entry = f"{WaitlistEntry._meta.verbose_name} {entry.pk}"
        about_booking = f"{Booking._meta.verbose_name} {booking.pk}"
    assert joined in text and "wait@example.com" in text
    assert about_entry in text
    assert about_booking in text
    filtered = admin_client.get(
        "/admin/notify/outboundmail/?kind=waitlist_joined", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "wait@example.com" in filtered and "first@example.com" not in filtered
    joined = OutboundMail.objects.get(kind="waitlist_joined")
    detail = admin_client.get(f"/admin/notify/outboundmail/{joined.pk}/change/")
    assert detail.status_code == 200  # no booking to show: still a page
    assert f"entry_id&quot;: {entry.pk}" in detail.content.decode()  # the context, escaped


def test_a_mail_about_a_deleted_row_fails_at_once_rather_than_retrying(smtp):
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    entry = waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email="wait@example.com"), party_size=2
    )
    WaitlistEntry.objects.filter(pk=entry.pk).delete()
    run_worker()
    mail = OutboundMail.objects.get(kind="waitlist_joined")
    assert (mail.state, mail.attempts) == (OutboundMail.State.FAILED, 1)
    assert "DoesNotExist" in mail.last_error
    assert smtp.inbox.to("wait@example.com") == []
    # Control: the booking's own mails, whose rows exist, were sent.
    assert OutboundMail.objects.filter(state=OutboundMail.State.SENT).count() == 2
