"""How long participants' personal data is kept (docs/privacy.md): a registration's name,
e-mail address and organisation are erased RETENTION_DAYS after the event's last stop (or
after the cancellation, when that comes first), with the outbox's copies of the address.
The event's figures stay: how many registered, party sizes, languages, statuses, dates.
Run daily by the task worker, like booking.retention."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.tasks import task
from django.utils import timezone

from booking.retention import retention_cutoff, retention_every
from events.models import Registration
from notify import outbox
from notify.models import about

PERSONAL_FIELDS = ("name", "email", "organisation")


def registrations_due(*, now: datetime) -> QuerySet[Registration]:
    cutoff = retention_cutoff(now)
    return (
        Registration.objects.filter(anonymised_at__isnull=True)
        .alias(last_stop_end=Max("event__stops__end"))
        .filter(
            Q(last_stop_end__lt=cutoff)
            | Q(status=Registration.Status.CANCELLED, cancelled_at__lt=cutoff)
        )
    )


def registrations_anonymise(
    *, registrations: QuerySet[Registration], now: datetime | None = None
) -> int:
    """Erases these registrations' personal data and revokes their links; returns how many."""
    now = now or timezone.now()
    ids = list(registrations.values_list("pk", flat=True))
    with transaction.atomic():
        rows = list(
            Registration.objects.filter(pk__in=ids, anonymised_at__isnull=True).select_for_update()
        )
        for registration in rows:
            for field in PERSONAL_FIELDS:
                setattr(registration, field, "")
            registration.anonymised_at = now
            registration.token_renew()
        Registration.objects.bulk_update(
            rows, [*PERSONAL_FIELDS, "anonymised_at", *Registration.token_fields()]
        )
        outbox.mails_forget(about=[about(r) for r in rows])
    return len(rows)


@task
def registration_retention_task() -> int:
    """The daily job: erases the registrations past their time; returns how many."""
    return registrations_anonymise(registrations=registrations_due(now=timezone.now()))


__all__ = ["registration_retention_task", "registrations_anonymise", "retention_every"]
