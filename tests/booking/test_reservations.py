"""Holds (booking.reservations): places reserved for a partner count against capacity
everywhere, and end by confirmation, cancellation or expiry, each freeing or keeping the
places exactly once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import capacity, errors, reminders, reservations, slot_services, waitlist
from booking.models import Booking, MailKind, WaitlistEntry
from notify import periodic
from tests.factories import GroupTourFactory, SlotFactory, book, visitor
from tests.outbox import mails_about
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _reserve(slot, party_size=2, **kwargs):
    return reservations.booking_reserve(slot_id=slot.pk, party_size=party_size, **kwargs)


def _slot(**kwargs) -> Slot:
    return SlotFactory(**kwargs)


def _fresh(slot: Slot) -> Slot:
    return Slot.objects.select_related("tour").get(pk=slot.pk)


def test_a_hold_takes_places_like_a_booking_and_mails_nobody():
    slot = _slot(capacity=5)
    hold = _reserve(slot, 3)
    assert hold.status == Booking.Status.ON_HOLD and hold.channel == Booking.Channel.OCTO
    slot = _fresh(slot)
    assert slot.booked == 3
    assert capacity.places_bookable(slot, now=timezone.now()) == 2
    annotated = Slot.objects.annotate(n=capacity.available_places(timezone.now())).get(pk=slot.pk)
    assert annotated.n == 2  # the SQL twin leaves held places out too
    with pytest.raises(errors.NotEnoughPlaces):
        book(slot, 3)
    assert not mails_about(hold).exists()


def test_a_hold_takes_a_group_visit_whole():
    slot = SlotFactory(tour=GroupTourFactory())
    _reserve(slot, 12)
    slot = _fresh(slot)
    assert capacity.slot_state(slot, now=timezone.now()) == capacity.SlotState.FULL
    with pytest.raises(errors.SlotTaken):
        book(slot, 15)


def test_a_hold_is_refused_by_the_same_rule_as_a_booking():
    slot = _slot(capacity=2)
    with pytest.raises(errors.NotEnoughPlaces):
        _reserve(slot, 3)
    closing = SlotFactory(start=timezone.now() + timedelta(hours=1))
    with pytest.raises(errors.BookingCutOff):
        _reserve(closing, 1)
    assert not Booking.objects.exists()
    assert _fresh(slot).booked == 0


def test_the_hold_lasts_the_default_capped_by_the_setting_and_the_cut_off(settings):
    settings.BOOKING_HOLD_MINUTES, settings.BOOKING_HOLD_MAX_MINUTES = 30, 45
    now = timezone.now()
    slot = _slot()
    assert _reserve(slot, 1, now=now).hold_expires_at == now + timedelta(minutes=30)
    assert _reserve(slot, 1, now=now, minutes=500).hold_expires_at == now + timedelta(minutes=45)
    soon = SlotFactory(start=now + timedelta(hours=2, minutes=10))
    held = _reserve(soon, 1, now=now, minutes=40)
    assert held.hold_expires_at == capacity.booking_closes_at(soon)
    with pytest.raises(errors.HoldMinutesInvalid):
        _reserve(slot, 1, minutes=0)


def test_each_hold_enqueues_the_expiry_sweep_at_its_deadline():
    hold = _reserve(_slot(), 1)
    task = DBTaskResult.objects.get(task_path="booking.reservations.holds_expire_task")
    assert task.run_after == hold.hold_expires_at


def test_the_same_key_returns_the_first_hold():
    slot = _slot()
    first = _reserve(slot, 2, idempotency_key="octo:1:abc")
    again = _reserve(slot, 2, idempotency_key="octo:1:abc")
    assert again.pk == first.pk
    assert _fresh(slot).booked == 2


def test_confirming_a_hold_sends_the_usual_invitation_and_company_notice():
    slot = _slot()
    hold = _reserve(slot, 2, reseller_reference="R-1")
    booking = reservations.booking_hold_confirm(
        booking=hold, visitor=visitor(name="Jens Larsen", language="de")
    )
    assert booking.pk == hold.pk
    assert booking.status == Booking.Status.CONFIRMED and booking.hold_expires_at is None
    assert (booking.name, booking.language, booking.reseller_reference) == (
        "Jens Larsen",
        "de",
        "R-1",
    )
    assert booking.confirmed_at is not None
    kinds = set(mails_about(booking).values_list("kind", flat=True))
    assert kinds == {MailKind.CONFIRMED, MailKind.COMPANY_NEW}
    # Its reminder falls due like any confirmed booking's (booking.reminders).
    remind_at = slot.start - slot.tour.reminder_before
    Booking.objects.filter(pk=booking.pk).update(created=remind_at - timedelta(hours=1))
    assert booking.pk in reminders.booking_reminders_due(now=remind_at)
    assert _fresh(slot).booked == 2
    # A retried confirmation is the same booking, with no second mail.
    again = reservations.booking_hold_confirm(booking=hold, visitor=visitor())
    assert again.pk == booking.pk and mails_about(booking).count() == 2


def test_confirming_needs_valid_contact_details_and_writes_nothing_otherwise():
    hold = _reserve(_slot(), 2)
    with pytest.raises(errors.DomainError) as refused:
        reservations.booking_hold_confirm(booking=hold, visitor=visitor(email="not-an-address"))
    assert refused.value.field == "email"
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.ON_HOLD


def test_a_hold_confirmed_too_late_is_released_and_refused():
    slot = _slot()
    hold = _reserve(slot, 2)
    with pytest.raises(errors.HoldExpired):
        reservations.booking_hold_confirm(booking=hold, visitor=visitor(), now=hold.hold_expires_at)
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.EXPIRED
    assert _fresh(slot).booked == 0
    assert not mails_about(hold).exists()


def test_extending_moves_the_deadline_within_the_cap(settings):
    settings.BOOKING_HOLD_MAX_MINUTES = 60
    now = timezone.now()
    hold = _reserve(_slot(), 1, minutes=10, now=now)
    later = now + timedelta(minutes=5)
    extended = reservations.booking_hold_extend(booking=hold, minutes=600, now=later)
    assert extended.hold_expires_at == later + timedelta(minutes=60)
    # Never shortened by an extension.
    same = reservations.booking_hold_extend(booking=hold, minutes=1, now=later)
    assert same.hold_expires_at == extended.hold_expires_at
    with pytest.raises(errors.HoldExpired):
        reservations.booking_hold_extend(booking=hold, now=later + timedelta(hours=2))
    with pytest.raises(errors.HoldExpired):
        reservations.booking_hold_extend(booking=hold, now=later + timedelta(hours=3))


def test_cancelling_a_hold_frees_its_places_for_the_waiting_list():
    slot = _slot(capacity=2)
    hold = _reserve(slot, 2)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(), party_size=2)
    reservations.booking_hold_cancel(booking=hold)
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.CANCELLED
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.OFFERED
    assert _fresh(slot).booked == 2  # now held by the offer
    assert not mails_about(hold).exists()
    with pytest.raises(errors.BookingNotActive):
        reservations.booking_hold_cancel(booking=hold)


def test_a_confirmed_booking_is_not_cancelled_as_a_hold():
    booking = book(_slot(), 1)
    with pytest.raises(errors.BookingNotHeld):
        reservations.booking_hold_cancel(booking=booking)
    with pytest.raises(errors.BookingNotHeld):
        reservations.booking_hold_extend(booking=booking)


def test_the_sweep_expires_due_holds_once_and_serves_the_waiting_list():
    slot = _slot(capacity=3)
    due = _reserve(slot, 2)
    later = _reserve(slot, 1, minutes=50)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(), party_size=2)
    when = due.hold_expires_at + timedelta(seconds=1)
    assert reservations.booking_holds_expire_due(now=when) == 1
    assert reservations.booking_holds_expire_due(now=when) == 0
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {due.pk: Booking.Status.EXPIRED, later.pk: Booking.Status.ON_HOLD}
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.OFFERED
    assert _fresh(slot).booked == 3
    assert not reservations.booking_hold_expire(booking_id=later.pk, now=when)
    assert reservations.booking_hold_expire(booking_id=later.pk, now=later.hold_expires_at)


def test_a_new_hold_first_ends_the_slots_holds_that_ran_out():
    slot = _slot(capacity=2)
    stale = _reserve(slot, 2)
    fresh = _reserve(slot, 2, now=stale.hold_expires_at)
    assert Booking.objects.get(pk=stale.pk).status == Booking.Status.EXPIRED
    assert fresh.status == Booking.Status.ON_HOLD and _fresh(slot).booked == 2


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def _ran_out(hold: Booking) -> None:
    Booking.objects.filter(pk=hold.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db(transaction=True)
def test_the_workers_scheduled_sweep_releases_a_hold_whose_task_was_lost():
    """A hold that ran out while no worker ran, and whose own task row was lost (a worker
    killed mid-task, say), is released by the sweep the worker schedules (notify.periodic)."""
    slot = _slot(capacity=2)
    hold = _reserve(slot, 2)
    _ran_out(hold)
    DBTaskResult.objects.all().delete()
    assert "booking.reservations.holds_expire_task" in periodic.run_due()
    _run_worker()
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.EXPIRED
    assert _fresh(slot).booked == 0


@pytest.mark.django_db(transaction=True)
def test_the_control_without_the_scheduled_sweep_the_hold_stays(monkeypatch):
    """Control for the test above: without booking's scheduled job, the same worker leaves the
    places held, so that test shows the sweep at work and not something else."""
    jobs = {n: j for n, j in periodic._JOBS.items() if not n.startswith("booking.")}
    monkeypatch.setattr(periodic, "_JOBS", jobs)
    slot = _slot(capacity=2)
    hold = _reserve(slot, 2)
    _ran_out(hold)
    DBTaskResult.objects.all().delete()
    periodic.run_due()
    _run_worker()
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.ON_HOLD
    assert _fresh(slot).booked == 2


@pytest.mark.django_db(transaction=True)
def test_the_holds_own_task_releases_it_through_the_worker():
    slot = _slot(capacity=2)
    hold = _reserve(slot, 2)
    _ran_out(hold)
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    _run_worker()
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.EXPIRED
    assert _fresh(slot).booked == 0


def test_holds_end_with_their_departure():
    slot = _slot()
    hold = _reserve(slot, 2)
    confirmed = book(slot, 1)
    _slot_after, cancelled = slot_services.slot_cancel(slot_id=slot.pk)
    assert [b.pk for b in cancelled] == [confirmed.pk]
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.CANCELLED
    assert not mails_about(hold).exists()
    assert reservations.booking_holds_expire_due(now=hold.hold_expires_at) == 0
    assert _fresh(slot).booked == 0


def test_the_holds_expire_command_runs_the_sweep():
    slot = _slot()
    hold = _reserve(slot, 2)
    Booking.objects.filter(pk=hold.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    call_command("holds_expire", verbosity=0)
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.EXPIRED


def test_partners_hear_of_holds_by_webhook():
    """A hold takes places (availability changed), its confirmation is a new booking
    (booking created); a release and an expiry free places (availability changed)."""
    from notify.models import WebhookEndpoint, WebhookEventType, WebhookMessage

    WebhookEndpoint.objects.create(
        url="https://partner.example/hooks", event_types=list(WebhookEventType.values)
    )

    def types() -> list[str]:
        return list(
            WebhookMessage.objects.order_by("created", "pk").values_list("event_type", flat=True)
        )

    slot = _slot()
    confirmed = _reserve(slot, 2)
    assert types() == ["availability.changed"]
    reservations.booking_hold_confirm(booking=confirmed, visitor=visitor())
    assert types()[1:] == ["booking.created"]
    released = _reserve(slot, 1)
    reservations.booking_hold_cancel(booking=released)
    lapsed = _reserve(slot, 1)
    reservations.booking_holds_expire_due(now=lapsed.hold_expires_at)
    assert types()[2:] == ["availability.changed"] * 4


def test_staff_release_a_hold_from_the_booking_admin(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("admin", "a@example.dk", "pw-123456789"))
    slot = _slot(capacity=3)
    hold = _reserve(slot, 3)
    client.post(
        "/admin/booking/booking/",
        {"action": "cancel_bookings", "_selected_action": [hold.pk]},
        follow=True,
    )
    assert Booking.objects.get(pk=hold.pk).status == Booking.Status.CANCELLED
    assert _fresh(slot).booked == 0 and not mails_about(hold).exists()
