"""Reminders before the visit, sent once by the task worker.

Nothing is written for a reminder when a booking is made: the worker's scheduled job
(`reminders_send_due_task`, every WORKER_SWEEP_SECONDS, booking.apps) finds the bookings
whose reminder time has come (`booking_reminders_due`: an index range on the departures
about to start) and sends each through `booking_remind`, which decides under the booking's
lock and sends at most once. A booking made, moved or confirmed is found by the next run;
a worker that was down finds every reminder it missed, as long as the visit has not begun.
A reminder is at most one sweep period late (a minute by default).

Task rows `booking_remind_task` queued by earlier releases (one per booking, at its reminder
time) still run, through the same `booking_remind`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Max
from django.tasks import task
from django.utils import timezone

from booking import notifications
from booking.models import Booking
from tours.models import Tour

# A reminder may go out this much before its time (booking_remind's "too early").
_EARLY = timedelta(minutes=1)
_BATCH = 500


def booking_remind(*, booking_id: int, now: datetime | None = None) -> bool:
    """Enqueues the booking's reminder mail if it is due and not yet sent; returns whether
    it did. Exactly once per booking: `reminder_sent_at` is set under the booking's row lock
    in the same transaction as the mail's outbox row, so a second run finds it set.

    No reminder for a cancelled booking, a visit that has begun, a task that is early (the
    booking moved to a later time, whose own task will come) or a booking made inside the
    reminder window (its confirmation was sent moments ago)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot__tour")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None or booking.status != Booking.Status.CONFIRMED:
            return False
        remind_at = booking_reminder_time(booking)
        too_early = now < remind_at - _EARLY
        if booking.reminder_sent_at or too_early or now >= booking.slot.start:
            return False
        if booking.created >= remind_at:
            return False
        booking.reminder_sent_at = now
        booking.save(update_fields=["reminder_sent_at"])
        notifications.booking_reminder(booking)
    return True


def booking_reminder_time(booking: Booking) -> datetime:
    return booking.slot.start - booking.slot.tour.reminder_before


def booking_reminders_due(*, now: datetime | None = None, limit: int = _BATCH) -> list[int]:
    """The ids of confirmed bookings with an e-mail address whose reminder time has come,
    not yet reminded, made before that time, whose visit has not begun; soonest first. The
    departures it reads are those starting within the longest reminder time of any tour
    (Slot's index on `start`), so its cost follows the next day's bookings, not the table."""
    now = now or timezone.now()
    longest = Tour.objects.aggregate(longest=Max("reminder_before"))["longest"]
    if longest is None:
        return []
    remind_at = ExpressionWrapper(
        F("slot__start") - F("slot__tour__reminder_before"), output_field=DateTimeField()
    )
    due = (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            slot__start__gt=now,
            slot__start__lte=now + longest + _EARLY,
        )
        .exclude(email="")
        .alias(remind_at=remind_at)
        .filter(remind_at__lte=now + _EARLY, created__lt=F("remind_at"))
        .order_by("slot__start", "pk")
    )
    return list(due.values_list("pk", flat=True)[:limit])


def booking_reminders_send_due(*, now: datetime | None = None) -> int:
    """Sends every reminder that is due (booking_remind, one short transaction each);
    returns how many. Safe beside another worker doing the same: each is sent once."""
    now = now or timezone.now()
    sent, seen = 0, set()
    while True:
        batch = [pk for pk in booking_reminders_due(now=now) if pk not in seen]
        if not batch:
            return sent
        seen.update(batch)
        sent += sum(booking_remind(booking_id=pk, now=now) for pk in batch)


def reminders_every() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "WORKER_SWEEP_SECONDS", 60)))


@task
def reminders_send_due_task() -> int:
    """The worker's scheduled job: sends the reminders that are due."""
    return booking_reminders_send_due()


@task
def booking_remind_task(*, booking_id: int) -> None:
    """A reminder task queued by an earlier release; `booking_remind` decides."""
    booking_remind(booking_id=booking_id)
