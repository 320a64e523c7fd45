"""Reminders: found by the worker's scheduled job when due (nothing is written for them when
a booking is made), sent exactly once by the real task worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import reminders, services
from booking.models import Booking
from notify import periodic
from tests.booking.icalcheck import vobject_read
from tests.factories import SlotFactory, book, visitor

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """The worker's scheduled jobs fall due (the reminders' among them), then its queue is
    drained: the job runs and the mails it wrote are sent."""
    periodic.PeriodicJob.objects.update(last_run_at=None)
    periodic.run_due()
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
    # A task queued by an earlier release for the same reminder runs beside the job.
    with transaction.atomic():
        reminders.booking_remind_task.enqueue(booking_id=booking.pk)
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
    assert reminders.booking_reminders_due() == []


def test_no_reminder_for_a_cancelled_booking(settings):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = _booked_long_ago(slot)
    services.booking_cancel(booking=booking)
    run_worker()
    assert sent_reminders(settings, booking.email) == []
    booking.refresh_from_db()
    assert booking.reminder_sent_at is None


def test_reminder_falls_due_at_the_tours_reminder_time():
    slot = SlotFactory(start=timezone.now() + timedelta(days=5))
    slot.tour.reminder_before = timedelta(hours=6)
    slot.tour.save()
    booking = book(slot)
    assert not DBTaskResult.objects.filter(task_path__endswith="booking_remind_task").exists()
    remind_at = slot.start - timedelta(hours=6)
    assert reminders.booking_reminders_due(now=remind_at - timedelta(minutes=2)) == []
    assert reminders.booking_reminders_due(now=remind_at) == [booking.pk]
    assert reminders.booking_reminders_due(now=slot.start) == []  # the visit has begun


def test_the_due_reminders_are_found_in_bounded_queries(django_assert_max_num_queries):
    soon = SlotFactory(start=timezone.now() + timedelta(hours=10), capacity=20)
    later = SlotFactory(start=timezone.now() + timedelta(days=20))
    for _ in range(5):
        _booked_long_ago(soon, email=f"g{_}@example.com")
        book(later, email=f"l{_}@example.com")
    phone = services.booking_create(
        slot_id=soon.pk,
        visitor=visitor(name="P", phone="+45 20 30 40 51", email=""),
        party_size=1,
        source=Booking.Source.PHONE,
    )
    Booking.objects.filter(pk=phone.pk).update(created=timezone.now() - timedelta(days=2))
    with django_assert_max_num_queries(2):
        due = reminders.booking_reminders_due()
    assert len(due) == 5 and phone.pk not in due  # no address, no reminder
    with django_assert_max_num_queries(2 + 5 * 8):
        assert reminders.booking_reminders_send_due() == 5
    assert reminders.booking_reminders_due() == []


def test_a_moved_booking_is_reminded_at_its_new_time(settings):
    old = SlotFactory(start=timezone.now() + timedelta(hours=10))
    new = SlotFactory(tour=old.tour, start=timezone.now() + timedelta(hours=40))
    booking = _booked_long_ago(old)
    services.booking_change(booking=booking, slot_id=new.pk)
    run_worker()  # the old time's reminder is due, but the booking is no longer at that time
    assert sent_reminders(settings, booking.email) == []
    assert reminders.booking_reminders_due(now=new.start - timedelta(hours=24)) == [booking.pk]
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
