"""Sends the outbox's pending mails in the test's own process and transaction: the worker's
code path (notify.outbox.mails_deliver: claim, render, send, record), without the worker.
With pytest-django's in-memory mail backend the messages land in `django.core.mail.outbox`."""

from django.db.models import Model, QuerySet

from notify import outbox
from notify.models import OutboundMail, about


def deliver(**filters) -> dict[str, str]:
    """Delivers every pending mail matching `filters` (e.g. kind=..., recipient=...) and
    returns what happened to each ("sent", "skipped", ...), keyed by mail id."""
    ids = OutboundMail.objects.filter(state=OutboundMail.State.PENDING, **filters).values_list(
        "pk", flat=True
    )
    return outbox.mails_deliver(mail_ids=sorted(ids))


def owed(kind: str) -> int:
    """How many mails of this kind the outbox holds."""
    return OutboundMail.objects.filter(kind=kind).count()


def mails_about(obj: Model) -> QuerySet[OutboundMail]:
    """The mails written about this booking, entry, registration or stop."""
    return OutboundMail.objects.filter(about=about(obj))
