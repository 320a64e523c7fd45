"""Retention and erasure (issue 13, finding 7): personal data of bookings, waiting-list
entries and registrations is erased RETENTION_DAYS after the visit (or the cancellation) by
the worker's daily job, the figures stay, a visitor can erase their own data, and the
outbox forgets their address with it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from booking import retention, services, waitlist
from booking.models import Booking, WaitlistEntry
from events import retention as event_retention
from events.models import Registration
from notify import periodic
from notify.models import OutboundMail
from tests.factories import (
    CompanyFactory,
    EventFactory,
    SlotFactory,
    book,
    plan_stops,
    register,
    visitor,
)
from tours.models import Slot

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _visited(booking: Booking, *, days_ago: int) -> Booking:
    end = timezone.now() - days_ago * DAY
    Slot.objects.filter(pk=booking.slot_id).update(start=end - timedelta(hours=1), end=end)
    return Booking.objects.select_related("slot").get(pk=booking.pk)


def _erased(row) -> bool:
    row.refresh_from_db()
    return (row.name, row.email, row.anonymised_at is not None) == ("", "", True)


def test_a_visit_past_the_retention_period_loses_its_personal_data_not_its_figures(settings):
    settings.RETENTION_DAYS = 90
    old = _visited(
        book(SlotFactory(), party_size=3, language="de", phone="+45 20 30 40 51"), days_ago=91
    )
    recent = _visited(book(SlotFactory(), party_size=2), days_ago=89)  # the control
    booked = Slot.objects.get(pk=old.slot_id).booked

    assert retention.retention_run() == {"bookings": 1, "waitlist_entries": 0}

    assert _erased(old) and old.phone == "" and old.note == ""
    assert (old.party_size, old.language, old.status) == (3, "de", "confirmed")
    assert Slot.objects.get(pk=old.slot_id).booked == booked  # the company's figures
    assert not _erased(recent)
    mails = OutboundMail.objects.filter(about=f"booking.booking:{old.pk}")
    assert mails.exists() and set(mails.values_list("recipient", flat=True)) == {""}
    assert retention.retention_run() == {"bookings": 0, "waitlist_entries": 0}


def test_a_cancelled_booking_is_erased_a_period_after_its_cancellation(settings):
    settings.RETENTION_DAYS = 30
    booking = book(SlotFactory(start=timezone.now() + 60 * DAY))
    services.booking_cancel(booking=booking)
    retention.retention_run()
    assert not _erased(booking)  # cancelled yesterday: kept for now
    Booking.objects.filter(pk=booking.pk).update(cancelled_at=timezone.now() - 31 * DAY)
    retention.retention_run()
    assert _erased(booking)


def test_waiting_list_entries_and_registrations_are_erased_too(settings):
    settings.RETENTION_DAYS = 10
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(), party_size=1)
    Slot.objects.filter(pk=slot.pk).update(
        start=timezone.now() - 12 * DAY, end=timezone.now() - 11 * DAY
    )
    event = EventFactory()
    start = timezone.now() + 3 * DAY
    plan_stops(event, (CompanyFactory(), start, start + timedelta(hours=1)))
    event.status = "published"
    event.save()
    registration = register(event, party_size=2)

    assert retention.retention_run()["waitlist_entries"] == 1
    assert _erased(entry) and WaitlistEntry.objects.get(pk=entry.pk).party_size == 1
    assert (
        event_retention.registrations_anonymise(
            registrations=event_retention.registrations_due(now=timezone.now())
        )
        == 0
    )  # the event is still to come
    later = timezone.now() + 20 * DAY
    assert (
        event_retention.registrations_anonymise(
            registrations=event_retention.registrations_due(now=later)
        )
        == 1
    )
    assert _erased(registration) and Registration.objects.get(pk=registration.pk).party_size == 2


def test_the_worker_runs_the_retention_jobs_daily():
    now = timezone.now()
    started = periodic.run_due(now=now)
    assert "booking.retention.retention_task" in started
    assert "events.retention.registration_retention_task" in started
    assert "booking.retention.retention_task" not in periodic.run_due(now=now + DAY / 2)
    assert "booking.retention.retention_task" in periodic.run_due(now=now + DAY)


def test_the_visitor_erases_their_data_after_the_visit_with_a_confirmation(client):
    booking = _visited(book(SlotFactory(), email="anne@example.com"), days_ago=1)
    link = booking.get_absolute_url()
    page = client.get(link).content.decode()
    erase = reverse("booking:erase", kwargs={"token": booking.token})
    assert erase in page
    confirm = client.get(erase)
    assert confirm.status_code == 200 and not _erased(booking)  # GET only asks
    response = client.post(erase)
    assert response.status_code == 302 and response["Location"] == reverse("booking:erased")
    assert _erased(booking)
    assert client.get(link).status_code == 404  # the link is revoked


def test_before_the_visit_a_confirmed_booking_cannot_be_erased(client):
    """The control: the company still needs it; the page offers nothing, a POST does nothing."""
    booking = book(SlotFactory())
    erase = reverse("booking:erase", kwargs={"token": booking.token})
    assert erase not in client.get(booking.get_absolute_url()).content.decode()
    client.post(erase)
    assert not _erased(booking)


@pytest.mark.django_db(transaction=True)
def test_erasing_with_the_cancellation_waits_for_the_cancellation_mail(client):
    from tests.booking.mailserver import run_worker

    booking = book(SlotFactory(), email="anne@example.com")
    run_worker()  # the confirmation went out
    client.post(
        reverse("booking:cancel", kwargs={"token": booking.token}), {"erase": "1", "confirm": "yes"}
    )
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.erasure_requested_at is not None
    assert not _erased(booking)  # the CANCEL still needs the address
    run_worker()  # sends the cancellation
    assert retention.booking_erase_task.call(booking_id=booking.pk) is True
    assert _erased(booking)
    cancel = OutboundMail.objects.get(about=f"booking.booking:{booking.pk}", kind="cancelled")
    assert cancel.state == "sent" and cancel.recipient == ""


def test_the_admin_deletes_a_cancelled_booking_but_not_one_still_to_come(admin_client):
    slot = SlotFactory()
    active, cancelled = book(slot), book(slot)
    services.booking_cancel(booking=cancelled)
    url = reverse("admin:booking_booking_delete", args=[cancelled.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Booking.objects.filter(pk=cancelled.pk).exists()
    assert not OutboundMail.objects.filter(about=f"booking.booking:{cancelled.pk}").exists()
    # The control: an active booking of a visit to come is refused (cancel it first).
    refused = admin_client.post(
        reverse("admin:booking_booking_delete", args=[active.pk]), {"post": "yes"}
    )
    assert refused.status_code == 403
    assert Booking.objects.filter(pk=active.pk).exists()
    assert Slot.objects.get(pk=slot.pk).booked == active.party_size
