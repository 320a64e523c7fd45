"""Mail goes through the database outbox and a real SMTP server (aiosmtpd): nothing is sent
inside a transaction, a booking commits while the server is down, and the invitation arrives
exactly once when it is back."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from booking import errors, notifications, services
from booking.models import Booking, MailKind
from notify import outbox
from notify.models import OutboundMail
from tests.booking.mailserver import run_worker
from tests.factories import SlotFactory, book
from tests.outbox import mails_about

pytestmark = pytest.mark.django_db(transaction=True)
VISITOR = "anne@example.com"


def _calendar_part(message):
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part


def test_booking_commits_while_smtp_is_down_and_the_invitation_arrives_once(smtp):
    slot = SlotFactory()
    smtp.stop()
    assert not smtp.is_up()
    booking = book(slot)
    assert Booking.objects.filter(pk=booking.pk, status=Booking.Status.CONFIRMED).exists()
    assert set(mails_about(booking).values_list("kind", "state")) == {
        ("confirmed", "pending"),
        ("company_new", "pending"),
    }
    smtp.start()
    run_worker()
    invitations = smtp.inbox.to(VISITOR)
    assert len(invitations) == 1
    assert _calendar_part(invitations[0]).get_param("method") == "REQUEST"
    assert len(smtp.inbox.to(slot.tour.company.email)) == 1
    run_worker()  # nothing is due any more: no second copy
    assert len(smtp.inbox.to(VISITOR)) == 1
    assert set(mails_about(booking).values_list("state", flat=True)) == {"sent"}
    assert all(m.attempts == 1 and m.sent_at for m in mails_about(booking).all())


def test_nothing_is_sent_before_the_worker_runs(smtp):
    book(SlotFactory())
    assert smtp.inbox.envelopes == []
    run_worker()
    assert len(smtp.inbox.envelopes) == 2


def test_worker_retries_with_backoff_while_the_server_is_down(smtp):
    smtp.stop()
    booking = book(SlotFactory())
    before = timezone.now()
    run_worker()
    mail = mails_about(booking).get(kind=MailKind.CONFIRMED)
    assert mail.state == OutboundMail.State.PENDING
    assert mail.attempts == 1
    assert "ConnectionRefusedError" in mail.last_error
    assert before + timedelta(seconds=55) < mail.next_attempt_at < before + timedelta(seconds=70)
    assert not DBTaskResult.objects.exists()  # the mail row is the whole record: no task
    run_worker()  # not due yet: no attempt
    mail.refresh_from_db()
    assert mail.attempts == 1
    # A minute passes; the server is back.
    past = timezone.now() - timedelta(seconds=1)
    OutboundMail.objects.update(next_attempt_at=past)
    smtp.start()
    run_worker()
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == ("sent", 2, "")
    assert len(smtp.inbox.to(VISITOR)) == 1


def test_backoff_doubles_up_to_an_hour_and_gives_up_after_the_last_attempt():
    delays = [outbox.retry_delay(n) for n in range(1, 10)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == timedelta(hours=1)
    booking = book(SlotFactory())
    mail = mails_about(booking).get(kind=MailKind.CONFIRMED)
    OutboundMail.objects.filter(pk=mail.pk).update(attempts=outbox.MAX_ATTEMPTS)
    outbox.mail_failed(mail=mail, error=ConnectionRefusedError("down"))
    mail.refresh_from_db()
    assert mail.state == OutboundMail.State.FAILED
    # Control: one attempt fewer is retried.
    other = mails_about(booking).get(kind=MailKind.COMPANY_NEW)
    OutboundMail.objects.filter(pk=other.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    outbox.mail_failed(mail=other, error=ConnectionRefusedError("down"))
    other.refresh_from_db()
    assert other.state == OutboundMail.State.PENDING


def test_a_permanent_refusal_fails_at_once_and_staff_can_send_again(smtp):
    smtp.inbox.refuse.add(VISITOR)
    booking = book(SlotFactory())
    run_worker()
    mail = mails_about(booking).get(kind=MailKind.CONFIRMED)
    assert (mail.state, mail.attempts) == ("failed", 1)
    assert "550" in mail.last_error
    smtp.inbox.refuse.clear()
    assert outbox.mail_retry_now(mail=mail) is True
    run_worker()
    mail.refresh_from_db()
    assert mail.state == "sent"
    assert len(smtp.inbox.to(VISITOR)) == 1
    assert outbox.mail_retry_now(mail=mail) is False  # a sent mail is never sent again


def test_a_refused_booking_writes_no_mail():
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    assert OutboundMail.objects.count() == 2
    tasks = DBTaskResult.objects.count()  # whatever else was queued (none for mail)
    with pytest.raises(errors.SlotFull):
        book(slot, party_size=1, email="late@example.com")
    assert OutboundMail.objects.count() == 2
    assert DBTaskResult.objects.count() == tasks


def test_mail_is_only_enqueued_inside_a_transaction():
    booking = book(SlotFactory())
    with pytest.raises(RuntimeError):
        notifications.booking_changed(booking)
    with transaction.atomic():
        notifications.booking_changed(booking)
    assert mails_about(booking).filter(kind="changed").count() == 1


def test_cancellation_sends_cancel_with_the_same_uid_and_a_higher_sequence(smtp):
    booking = book(SlotFactory())
    run_worker()
    services.booking_cancel(booking=booking)
    run_worker()
    first, second = smtp.inbox.to(VISITOR)
    assert _calendar_part(first).get_param("method") == "REQUEST"
    cancel = _calendar_part(second)
    assert cancel.get_param("method") == "CANCEL"
    ics = cancel.get_content().encode()
    assert b"METHOD:CANCEL\r\n" in ics and b"STATUS:CANCELLED\r\n" in ics
    assert f"UID:{booking.uid}".encode() in ics and b"SEQUENCE:1\r\n" in ics
    company = smtp.inbox.to(booking.slot.tour.company.email)
    assert len(company) == 2
    with translation.override("da"):  # company notices are in the site's language
        expected = gettext("Booking cancelled: %(tour)s, %(when)s (%(ref)s)")
    assert str(company[1]["Subject"]).startswith(expected.split("%(tour)s")[0])
    assert booking.display_reference in str(company[1]["Subject"])


def test_an_invitation_still_waiting_when_the_booking_is_cancelled_is_not_sent(smtp):
    smtp.stop()
    booking = book(SlotFactory())
    services.booking_cancel(booking=booking)
    smtp.start()
    run_worker()
    (only,) = smtp.inbox.to(VISITOR)
    assert _calendar_part(only).get_param("method") == "CANCEL"
    assert mails_about(booking).get(kind="confirmed").state == OutboundMail.State.SKIPPED


def test_mail_admin_lists_the_outbox(admin_client, smtp):
    smtp.stop()
    book(SlotFactory())
    run_worker()
    page = admin_client.get("/admin/notify/outboundmail/")
    assert page.status_code == 200
    assert b"ConnectionRefused" not in page.content  # the list shows state, not errors
    assert page.content.count(VISITOR.encode()) >= 1
    mail = OutboundMail.objects.get(kind="confirmed")
    detail = admin_client.get(f"/admin/notify/outboundmail/{mail.pk}/change/")
    assert b"ConnectionRefusedError" in detail.content
    response = admin_client.post(
        "/admin/notify/outboundmail/",
        {"action": "send_again", "_selected_action": [mail.pk]},
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.state == "pending" and mail.next_attempt_at <= timezone.now()


def test_a_mail_is_claimed_by_one_worker_only_and_a_dead_senders_claim_expires():
    booking = book(SlotFactory())
    mail = mails_about(booking).get(kind=MailKind.CONFIRMED)
    assert outbox.mail_claim(mail_id=mail.pk) is not None
    assert outbox.mail_claim(mail_id=mail.pk) is None  # the second worker gets nothing
    later = timezone.now() + outbox.sending_lease() + timedelta(seconds=1)
    reclaimed = outbox.mail_claim(mail_id=mail.pk, now=later)
    assert reclaimed is not None and reclaimed.attempts == 2


def test_a_change_sends_an_updated_request_with_the_raised_sequence(smtp):
    booking = book(SlotFactory())
    run_worker()
    # What a moving service does: raise SEQUENCE and notify, in one transaction.
    with transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(sequence=booking.sequence + 1)
        notifications.booking_changed(Booking.objects.get(pk=booking.pk))
    run_worker()
    _confirmation, update = smtp.inbox.to(VISITOR)
    part = _calendar_part(update)
    assert part.get_param("method") == "REQUEST"
    ics = part.get_content().encode()
    assert f"UID:{booking.uid}".encode() in ics and b"SEQUENCE:1\r\n" in ics
    with translation.override(booking.language):
        expected = gettext("Booking changed: %(tour)s (%(ref)s)") % {
            "tour": booking.slot.tour.title,
            "ref": booking.display_reference,
        }
    assert str(update["Subject"]) == expected
    assert len(smtp.inbox.to(booking.slot.tour.company.email)) == 1  # no company notice


def test_booking_admin_shows_the_bookings_mails(admin_client):
    booking = book(SlotFactory())
    page = admin_client.get(
        f"/admin/booking/booking/{booking.pk}/change/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for kind in (MailKind.CONFIRMED, MailKind.COMPANY_NEW):
        with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the default
            assert str(kind.label) in page
