"""Queued side effects. These run in the task worker (`manage.py db_worker`), after commit."""

import logging

from django.tasks import task

from booking import mail, outbox

logger = logging.getLogger(__name__)


@task
def deliver_mail(*, mail_id: int) -> str:
    """Sends one outbox mail if it is due; on failure records the error and schedules the
    next attempt (booking.outbox). Returns what happened, for the task's result."""
    message_mail = outbox.mail_claim(mail_id=mail_id)
    if message_mail is None:
        return "not due"
    try:
        message = mail.mail_message(message_mail)
        if message is None:
            outbox.mail_skipped(mail=message_mail, reason="superseded by a later notice")
            return "skipped"
        message.send()
    except Exception as error:  # every failure is recorded, and retried unless permanent
        failed = outbox.mail_failed(mail=message_mail, error=error)
        # The log names the mail, never the recipient: no personal data in logs.
        logger.warning(
            "mail %s attempt %s failed: %s", mail_id, failed.attempts, type(error).__name__
        )
        return failed.state
    outbox.mail_sent(mail=message_mail, message_id=message.extra_headers["Message-ID"])
    return "sent"
