"""Reminders before the visit: scheduled with each booking, sent once by the task worker."""

from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from booking import notifications
from booking.models import Booking


def booking_remind(*, booking_id: int, now: datetime | None = None) -> bool:
    """Enqueues the booking's reminder mail if it is due and not yet sent; returns whether
    it did. Exactly once per booking: `reminder_sent_at` is set under the booking's row lock
    in the same transaction as the mail's task row, so a second run finds it set.

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
        too_early = now < remind_at - timedelta(minutes=1)
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


def booking_reminder_schedule(booking: Booking) -> None:
    """Schedules the reminder for the booking's current time, inside the transaction of the
    change. A task left from an earlier time finds itself early and does nothing;
    `booking_remind` sends at most once. A booking without an e-mail address has no
    reminder to send, so nothing is scheduled."""
    if not booking.email:
        return
    booking_remind_task.using(run_after=booking_reminder_time(booking)).enqueue(
        booking_id=booking.pk
    )


@task
def booking_remind_task(*, booking_id: int) -> None:
    """Scheduled at the booking's reminder time; `booking_remind` decides whether it is due."""
    booking_remind(booking_id=booking_id)
