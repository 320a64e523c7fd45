"""How long visitors' personal data is kept (docs/privacy.md).

A booking's or waiting-list entry's personal data (name, e-mail address, phone, organisation,
note) is erased RETENTION_DAYS after the visit, or after the cancellation when that comes
first; the outbox forgets their addresses with them. What the companies and the cluster
count stays: the departure, party size, language, status, source, the check-in and the
dates. Run daily by the task worker (`retention_task`, notify.periodic); a visitor can erase
their own data sooner from their booking page (`booking_erase`), and the coordinator one
person's across companies (workspace.personal_data).

Erasing takes no slot lock: it changes no places.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from booking.models import Booking, WaitlistEntry
from notify import outbox
from notify.models import OutboundMail, about

PERSONAL_FIELDS = ("name", "email", "phone", "organisation", "note")
# A visitor who asks to erase with the cancellation: the erasure waits for the cancellation's
# mails (the calendar CANCEL needs the address), but not for ever (an outage).
ERASE_RETRY = timedelta(minutes=10)
ERASE_WAITS_AT_MOST = timedelta(days=1)


def retention_every() -> timedelta:
    return timedelta(days=1)


def retention_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.RETENTION_DAYS)


def bookings_due(*, now: datetime) -> QuerySet[Booking]:
    cutoff = retention_cutoff(now)
    return Booking.objects.filter(anonymised_at__isnull=True).filter(
        Q(slot__end__lt=cutoff)
        | Q(status=Booking.Status.CANCELLED, cancelled_at__lt=cutoff)
        | Q(erasure_requested_at__lt=now - ERASE_WAITS_AT_MOST)
    )


def entries_due(*, now: datetime) -> QuerySet[WaitlistEntry]:
    cutoff = retention_cutoff(now)
    S = WaitlistEntry.Status
    return WaitlistEntry.objects.filter(anonymised_at__isnull=True).filter(
        Q(slot__end__lt=cutoff)
        | Q(status__in=[S.ACCEPTED, S.EXPIRED, S.LEFT, S.SLOT_CANCELLED], updated__lt=cutoff)
    )


def _erased_values(now: datetime) -> dict:
    return {**dict.fromkeys(PERSONAL_FIELDS, ""), "anonymised_at": now}


def bookings_anonymise(*, bookings: QuerySet[Booking], now: datetime | None = None) -> int:
    """Erases the personal data of these bookings (and of the outbox's mails about them),
    and revokes their links; returns how many. One transaction; no slot lock."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(bookings.filter(anonymised_at__isnull=True).select_for_update(of=("self",)))
        for booking in rows:
            for field, value in _erased_values(now).items():
                setattr(booking, field, value)
            booking.request_fingerprint = ""
            booking.token_renew()
        Booking.objects.bulk_update(
            rows,
            [*PERSONAL_FIELDS, "anonymised_at", "request_fingerprint", *Booking.token_fields()],
        )
        outbox.mails_forget(about=[about(b) for b in rows])
    return len(rows)


def entries_anonymise(*, entries: QuerySet[WaitlistEntry], now: datetime | None = None) -> int:
    """The same for waiting-list entries; an entry still waiting leaves the list's order
    untouched (it keeps its place and size, without a name)."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(entries.filter(anonymised_at__isnull=True).select_for_update(of=("self",)))
        for entry in rows:
            for field, value in _erased_values(now).items():
                setattr(entry, field, value)
            entry.token_renew()
        WaitlistEntry.objects.bulk_update(
            rows, [*PERSONAL_FIELDS, "anonymised_at", *WaitlistEntry.token_fields()]
        )
        outbox.mails_forget(about=[about(e) for e in rows])
    return len(rows)


@task
def retention_task() -> dict[str, int]:
    """The daily job: erases what is past its time; returns how many of each."""
    return retention_run()


def retention_run(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "bookings": bookings_anonymise(bookings=bookings_due(now=now), now=now),
        "waitlist_entries": entries_anonymise(entries=entries_due(now=now), now=now),
    }


def booking_can_erase(booking: Booking, *, now: datetime | None = None) -> bool:
    """A visitor may erase their own booking's data once the visit is over, or once the
    booking is cancelled (docs/privacy.md): before that the company needs it."""
    now = now or timezone.now()
    return booking.anonymised_at is None and (
        booking.status == Booking.Status.CANCELLED or booking.slot.end <= now
    )


def booking_erase(*, booking: Booking, now: datetime | None = None) -> bool:
    """Erases the booking's personal data at the visitor's request; returns True when done
    now, False when it waits for the mails still owed about it (the cancellation's), which
    a task retries every ERASE_RETRY and the daily job finishes after ERASE_WAITS_AT_MOST."""
    now = now or timezone.now()
    if not booking_can_erase(booking, now=now):
        raise ValueError("the visit has not happened and the booking is not cancelled")
    # Only a cancellation of a visit still to come has mails worth waiting for (the calendar
    # CANCEL); after the visit, whatever is still owed is moot and is skipped.
    waits = booking.slot.end > now and outbox.mails_outstanding(about=about(booking))
    if waits and not _waited_enough(booking, now):
        with transaction.atomic():
            Booking.objects.filter(pk=booking.pk, erasure_requested_at__isnull=True).update(
                erasure_requested_at=now
            )
            booking_erase_task.using(run_after=now + ERASE_RETRY).enqueue(booking_id=booking.pk)
        return False
    bookings_anonymise(bookings=Booking.objects.filter(pk=booking.pk), now=now)
    return True


def _waited_enough(booking: Booking, now: datetime) -> bool:
    asked = booking.erasure_requested_at
    return asked is not None and asked < now - ERASE_WAITS_AT_MOST


@task
def booking_erase_task(*, booking_id: int) -> bool:
    """The retry of an erasure that waited for the cancellation's mails."""
    booking = Booking.objects.select_related("slot").filter(pk=booking_id).first()
    if booking is None or booking.anonymised_at is not None:
        return True
    return booking_erase(booking=booking)


def booking_can_delete(booking: Booking, *, now: datetime | None = None) -> bool:
    """The admin may delete a booking that holds no places for a visit to come: a cancelled
    one, or one whose visit is over. An active booking is cancelled first (the visitor is
    told, the places are freed and offered to the waiting list)."""
    now = now or timezone.now()
    return booking.status == Booking.Status.CANCELLED or booking.slot.end <= now


def booking_delete(*, booking: Booking, now: datetime | None = None) -> None:
    """Deletes the booking, the outbox's mails about it and its link from a waiting-list
    entry; the departure's figures lose it too (unlike anonymising). Raises ValueError for
    a booking that still holds places for a visit to come."""
    if not booking_can_delete(booking, now=now):
        raise ValueError("cancel the booking first")
    with transaction.atomic():
        WaitlistEntry.objects.filter(booking=booking).update(booking=None)
        OutboundMail.objects.filter(about=about(booking)).delete()
        booking.delete()
