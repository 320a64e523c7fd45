"""Queued side effects. These run in the task worker (`manage.py db_worker`), after commit."""

import logging

from django.tasks import task

from booking import mail, outbox

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


# Self-service tasks (issue 4). Their mails go through the outbox like every other.


@task
def booking_remind_task(*, booking_id: int) -> None:
    """Scheduled at the booking's reminder time; the service decides whether it is due."""
    from booking.reminders import booking_remind

    booking_remind(booking_id=booking_id)


@task
def send_lost_link(*, email: str, reference: str) -> None:
    """Looks the booking up and, if there is one, writes its link mail to the outbox."""
    from booking.links import booking_link_mail

    booking_link_mail(email=email, reference=reference)


@task
def waitlist_expire_task(*, entry_id: int) -> None:
    """Scheduled at the offer's end; passes unanswered places to the next in line."""
    from booking.waitlist import waitlist_expire

    waitlist_expire(entry_id=entry_id)
