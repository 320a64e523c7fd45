"""Queued side effects. These run in the task worker (`manage.py db_worker`), after commit."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from booking import calendar, mail, outbox
from booking.models import Booking

logger = logging.getLogger(__name__)


@task
def deliver_mail(*, mail_ids: list[int]) -> dict[str, str]:
    """Sends each of these outbox mails that is due; a failure is recorded on that mail and
    its next attempt scheduled as a task of its own (booking.outbox). Returns what happened
    to each, for the task's result."""
    return {str(mail_id): _deliver(mail_id) for mail_id in mail_ids}


def _deliver(mail_id: int) -> str:
    claimed = outbox.mail_claim(mail_id=mail_id)
    if claimed is None:
        return "not due"
    try:
        message = mail.mail_message(claimed)
        if message is None:
            outbox.mail_skipped(mail=claimed, reason="superseded by a later notice")
            return "skipped"
        message.send()
    except Exception as error:  # every failure is recorded, and retried unless permanent
        failed = outbox.mail_failed(mail=claimed, error=error)
        # The log names the mail, never the recipient: no personal data in logs.
        logger.warning(
            "mail %s attempt %s failed: %s", mail_id, failed.attempts, type(error).__name__
        )
        return failed.state
    outbox.mail_sent(mail=claimed, message_id=message.extra_headers["Message-ID"])
    return "sent"


# Self-service tasks (issue 4).


def _mail(
    *,
    to: str,
    language: str,
    kind: str,
    context: dict,
    reply_to: str,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Renders booking/email/<kind>_subject.txt and <kind>.txt in `language` and sends them."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"booking/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"booking/email/{kind}.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to],
        attachments=attachments,
    ).send()


def _booking_context(booking: Booking) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "tour": booking.slot.tour,
        "company": booking.slot.tour.company,
    }


@task
def send_visitor_mail_kind(*, booking_id: int, kind: str) -> None:
    """Mails the visitor a plain notice about their booking: `reminder` or `link`."""
    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking_id)
    company = booking.slot.tour.company
    attachments = None
    if kind == "reminder":
        # The same event as the invitation (UID, SEQUENCE) as a plain PUBLISH file: opening it
        # finds the entry already there rather than inviting anyone again.
        name = calendar.ics_filename(
            f"booking-{booking.reference}", timezone.localdate(booking.slot.start)
        )
        ics = calendar.booking_ics(booking, method=calendar.PUBLISH)
        attachments = [(name, ics, "text/calendar; charset=utf-8")]
    _mail(
        to=booking.email,
        language=booking.language,
        kind=kind,
        context=_booking_context(booking),
        reply_to=company.email,
        attachments=attachments,
    )


@task
def send_company_change_mail(*, booking_id: int, old_slot_id: int, old_party_size: int) -> None:
    """Tells the company that a visitor moved or resized a booking, old and new side by side."""
    from tours.models import Slot

    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking_id)
    company = booking.slot.tour.company
    context = {
        **_booking_context(booking),
        "old_slot": Slot.objects.get(pk=old_slot_id),
        "old_party_size": old_party_size,
    }
    _mail(
        to=company.email,
        language=settings.LANGUAGE_CODE,
        kind="company_changed",
        context=context,
        reply_to=booking.email,
    )


@task
def booking_remind_task(*, booking_id: int) -> None:
    """Scheduled at the booking's reminder time; the service decides whether it is due."""
    from booking.reminders import booking_remind

    booking_remind(booking_id=booking_id)


@task
def send_lost_link(*, email: str, reference: str) -> None:
    from booking.links import booking_link_mail

    booking_link_mail(email=email, reference=reference)


@task
def send_waitlist_mail(*, entry_id: int, kind: str) -> None:
    """Mails a waiting-list visitor: joined, offer (with the accept link) or offer expired."""
    from booking.models import WaitlistEntry

    entry = WaitlistEntry.objects.select_related("slot__tour__company").get(pk=entry_id)
    company = entry.slot.tour.company
    context = {"entry": entry, "slot": entry.slot, "tour": entry.slot.tour, "company": company}
    _mail(
        to=entry.email, language=entry.language, kind=kind, context=context, reply_to=company.email
    )


@task
def waitlist_expire_task(*, entry_id: int) -> None:
    """Scheduled at the offer's end; passes unanswered places to the next in line."""
    from booking.waitlist import waitlist_expire

    waitlist_expire(entry_id=entry_id)
