"""Reminders: scheduled with the booking, sent exactly once by the real task worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import reminders, services
from booking.models import Booking
from tests.booking.icalcheck import vobject_read
from tests.factories import SlotFactory, book

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def sent_reminders(settings, email: str) -> list:
    """The reminders the worker sent to `email` (tests use Django's in-memory outbox)."""
    return [m for m in mail.outbox if m.to == [email] and m.subject.startswith("Reminder:")]


def _booked_long_ago(slot, **fields) -> Booking:
    """A booking made before its reminder time (the test cannot wait two days)."""
    booking = book(slot, language="en", **fields)
    Booking.objects.filter(pk=booking.pk).update(created=timezone.now() - timedelta(days=2))
    return booking


def test_reminder_is_sent_once_when_the_worker_runs_twice(settings):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = _booked_long_ago(slot)
    with transaction.atomic():  # a second task for the same reminder, as after a retry
        reminders.booking_reminder_schedule(booking)
    run_worker()
    run_worker()
    sent = sent_reminders(settings, booking.email)
    assert len(sent) == 1
    body = sent[0].body
    assert slot.tour.meeting_point in body
    assert booking.get_absolute_url() in body
    ((filename, ics, mimetype),) = sent[0].attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    event = vobject_read(ics if isinstance(ics, bytes) else ics.encode())["events"][0]
    assert event["uid"] == str(booking.uid)
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None
    assert DBTaskResult.objects.filter(task_path__endswith="booking_remind_task").count() == 2


def test_no_reminder_for_a_cancelled_booking(settings):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = _booked_long_ago(slot)
    services.booking_cancel(booking=booking)
    run_worker()
    assert sent_reminders(settings, booking.email) == []
    booking.refresh_from_db()
    assert booking.reminder_sent_at is None


def test_reminder_is_scheduled_at_the_tours_reminder_time():
    slot = SlotFactory(start=timezone.now() + timedelta(days=5))
    slot.tour.reminder_before = timedelta(hours=6)
    slot.tour.save()
    booking = book(slot)
    task = DBTaskResult.objects.get(task_path__endswith="booking_remind_task")
    assert task.run_after == slot.start - timedelta(hours=6)
    assert task.args_kwargs["kwargs"] == {"booking_id": booking.pk}


def test_a_moved_booking_is_reminded_at_its_new_time(settings):
    old = SlotFactory(start=timezone.now() + timedelta(hours=10))
    new = SlotFactory(tour=old.tour, start=timezone.now() + timedelta(hours=40))
    booking = _booked_long_ago(old)
    services.booking_change(booking=booking, slot_id=new.pk)
    run_worker()  # the old time's task is due, but the booking is no longer at that time
    assert sent_reminders(settings, booking.email) == []
    runs = DBTaskResult.objects.filter(task_path__endswith="booking_remind_task")
    assert sorted(t.run_after for t in runs) == [
        old.start - timedelta(hours=24),
        new.start - timedelta(hours=24),
    ]
    assert reminders.booking_remind(booking_id=booking.pk, now=new.start - timedelta(hours=24))
    assert not reminders.booking_remind(booking_id=booking.pk, now=new.start - timedelta(hours=23))


def test_no_reminder_for_a_booking_made_inside_the_reminder_window(settings):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot, language="en")
    run_worker()
    assert sent_reminders(settings, booking.email) == []
    # control: the same booking made earlier is reminded
    Booking.objects.filter(pk=booking.pk).update(created=timezone.now() - timedelta(days=2))
    assert reminders.booking_remind(booking_id=booking.pk)
