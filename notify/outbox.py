"""The durable mail outbox: every e-mail the system sends is an OutboundMail row, written in
the transaction of the change that causes it, and delivered after commit by the task
worker, which polls the outbox for due mails (`mails_deliver_due`, every
OUTBOX_POLL_SECONDS) beside its task queue. The row is the whole record: no task row is
written to wake the worker, so a booking pays for one INSERT of its mails and nothing more.

States: PENDING -> SENDING -> SENT, or back to PENDING with a later `next_attempt_at` while
the mail server cannot be reached (exponential backoff), or FAILED when the server refuses
the message for good or the attempts run out; SKIPPED when a later notice made it moot.
Staff can send any failed or stuck mail again from the admin (`mail_retry_now`).
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from core.db import insert
from notify import mail
from notify.models import OutboundMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 16
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


def sending_lease() -> timedelta:
    """A mail still SENDING after this long belongs to a worker that died mid-send
    (OUTBOX_LEASE_SECONDS, 15 minutes by default: far above any SMTP timeout)."""
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, then hourly: 16 attempts span about ten hours of outage."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def mails_enqueue(*, mails: list[OutboundMail]) -> list[OutboundMail]:
    """Saves these unsaved mails: one INSERT however many mails, since this runs inside the
    transaction of the change. The worker's poll finds them once the change commits.

    The caller must be inside the transaction that makes the change, so the mails exist
    if and only if the change commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("mails_enqueue must run inside the transaction of the change")
    if mails:
        insert(mails)  # its SQL built once per row count (core.db)
    return mails


def mails_deliver_due(*, worker: str = "", keep_going=lambda: True) -> dict[str, str]:
    """Sends every mail that is due now, one claim at a time, until none is due or
    `keep_going()` says stop (the worker shutting down). Returns what happened to each
    mail, keyed by its id.

    Each claim takes the oldest due mail no other worker holds (SKIP LOCKED on PostgreSQL;
    elsewhere the conditional UPDATE of `mail_claim` alone decides), so workers polling side
    by side share the mails without waiting for each other, and each holds at most one
    mail it has not finished: a worker that dies leaves one mail for the sweeper."""
    done: dict[str, str] = {}
    while keep_going():
        with transaction.atomic():
            due = OutboundMail.objects.filter(_waiting_and_due(timezone.now()))
            mail_id = (
                due.order_by("next_attempt_at")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)
                .first()
            )
            claimed = None if mail_id is None else mail_claim(mail_id=mail_id, worker=worker)
        if mail_id is None:
            return done
        if claimed is not None:  # None: another worker took it between SELECT and UPDATE
            done[str(mail_id)] = _send(claimed)
    return done


def mails_deliver(*, mail_ids: list[int]) -> dict[str, str]:
    """Sends each of these mails that is due, before any worker's poll would (the tests'
    way to send named mails now, tests/outbox.py). Returns what happened to each, keyed by
    id: "sent", "skipped", "not due", or the state a failure left."""
    return {str(mail_id): _deliver(mail_id) for mail_id in mail_ids}


@task
def deliver_mail(*, mail_ids: list[int]) -> dict[str, str]:
    """The wake-up task that releases before the poll wrote with every mail. Nothing
    enqueues it now; it stays so that rows an older process enqueued during a rolling
    deploy still run
    (booking.tasks keeps its older path). Their mails would be polled anyway: whichever
    comes first sends, the claim keeps it to one."""
    return mails_deliver(mail_ids=mail_ids)


def _deliver(mail_id: int) -> str:
    claimed = mail_claim(mail_id=mail_id)
    if claimed is None:
        return "not due"
    return _send(claimed)


def _send(claimed: OutboundMail) -> str:
    """Renders and sends a claimed mail, and records the outcome."""
    mail_id = claimed.pk
    try:
        message = mail.mail_message(claimed)
        if message is None:
            mail_skipped(mail=claimed, reason="superseded by a later notice")
            return "skipped"
        message.send()
    except Exception as error:  # every failure is recorded, and retried unless permanent
        failed = mail_failed(mail=claimed, error=error)
        # The log names the mail, never the recipient: no personal data in logs.
        logger.warning(
            "mail %s attempt %s failed: %s", mail_id, failed.attempts, type(error).__name__
        )
        return failed.state
    mail_sent(mail=claimed, message_id=message.extra_headers["Message-ID"])
    return "sent"


def _waiting_and_due(now: datetime) -> Q:
    """A PENDING mail whose next attempt has come (the poll takes only these; a claim also
    takes back one whose sender died)."""
    return Q(state=OutboundMail.State.PENDING, next_attempt_at__lte=now)


def mail_claim(
    *, mail_id: int, now: datetime | None = None, worker: str = ""
) -> OutboundMail | None:
    """Takes the mail for sending if it is due (or its sender died), else returns None;
    `worker` is recorded on the mail, for the admin (which worker sent it).

    The conditional UPDATE makes the claim atomic: of two workers trying the same mail,
    one gets it."""
    now = now or timezone.now()
    due = _waiting_and_due(now) | Q(
        state=OutboundMail.State.SENDING, claimed_at__lt=now - sending_lease()
    )
    claimed = OutboundMail.objects.filter(due, pk=mail_id).update(
        state=OutboundMail.State.SENDING,
        claimed_at=now,
        claimed_by=worker,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return OutboundMail.objects.get(pk=mail_id)


def mail_sent(*, mail: OutboundMail, message_id: str) -> None:
    OutboundMail.objects.filter(pk=mail.pk).update(
        state=OutboundMail.State.SENT, sent_at=timezone.now(), message_id=message_id, last_error=""
    )


def mail_skipped(*, mail: OutboundMail, reason: str) -> None:
    OutboundMail.objects.filter(pk=mail.pk).update(
        state=OutboundMail.State.SKIPPED, last_error=reason
    )


def is_permanent(error: BaseException) -> bool:
    """Whether sending again cannot help: the server refused with a 5xx code, or the message
    cannot be built. Connection errors and 4xx replies are temporary (RFC 5321 §4.2.1)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    # A bad header or a kind nobody renders is a ValueError; a row the mail is about that
    # was deleted, DoesNotExist; a context without what its renderer needs, a KeyError.
    return isinstance(error, ValueError | ObjectDoesNotExist | KeyError)


def mail_failed(
    *, mail: OutboundMail, error: BaseException, now: datetime | None = None
) -> OutboundMail:
    """Records a failed attempt; makes the mail due again later (backoff) unless the error
    is permanent or the attempts are used up, in which case the mail is FAILED. The poll
    sends it when it falls due."""
    now = now or timezone.now()
    mail.refresh_from_db(fields=["attempts"])
    text = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or mail.attempts >= MAX_ATTEMPTS:
        mail.state = OutboundMail.State.FAILED
    else:
        mail.state = OutboundMail.State.PENDING
        mail.next_attempt_at = now + retry_delay(mail.attempts)
    mail.last_error = text
    mail.save(update_fields=["state", "next_attempt_at", "last_error"])
    return mail


def mail_retry_now(*, mail: OutboundMail) -> bool:
    """Staff's "send again": a failed, stuck or waiting mail is due at once, and the next
    poll sends it. A mail that was sent or skipped is left alone (returns False)."""
    changed = OutboundMail.objects.filter(
        pk=mail.pk,
        state__in=[
            OutboundMail.State.FAILED,
            OutboundMail.State.PENDING,
            OutboundMail.State.SENDING,
        ],
    ).update(state=OutboundMail.State.PENDING, next_attempt_at=timezone.now(), claimed_at=None)
    return bool(changed)


def mails_forget(*, about: list[str]) -> int:
    """Removes the personal data the outbox holds for the rows named (their `about` keys):
    the recipient's address and the last error (an SMTP refusal often quotes the address).
    A mail not yet sent is SKIPPED, since whatever it would say is about erased data.
    Returns how many mails were touched. The caller holds the transaction of the erasure."""
    if not about:
        return 0
    mails = OutboundMail.objects.filter(about__in=about)
    mails.filter(state__in=[OutboundMail.State.PENDING, OutboundMail.State.SENDING]).update(
        state=OutboundMail.State.SKIPPED
    )
    return mails.update(recipient="", last_error="")


def mails_outstanding(*, about: str) -> bool:
    """Whether a mail about this row is still to be sent (waiting, being sent, or waiting
    for the server to come back)."""
    return OutboundMail.objects.filter(
        about=about, state__in=[OutboundMail.State.PENDING, OutboundMail.State.SENDING]
    ).exists()
