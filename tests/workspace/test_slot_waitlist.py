"""The slot services and the waiting list: cancelling a slot ends its list (offers freed,
visitors told), more capacity and reopening serve the list under the same lock, a move
reschedules reminders and keeps offers within the new cut-off."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import errors, reminders, services, slot_services, waitlist
from booking.models import Booking, WaitlistEntry
from notify.models import OutboundMail
from tests import factories
from tests.outbox import deliver
from tours.models import Slot

pytestmark = pytest.mark.django_db


def join(slot, party_size=1, email="w@example.com") -> WaitlistEntry:
    return waitlist.waitlist_join(
        slot_id=slot.pk, visitor=factories.visitor(email=email), party_size=party_size
    )


def waitlist_mails(kind: str) -> list[int]:
    """The entry ids the outbox owes a mail of `kind`."""
    mails = OutboundMail.objects.filter(kind=kind).order_by("pk")
    return [mail.context["entry_id"] for mail in mails]


def status(entry) -> str:
    return WaitlistEntry.objects.get(pk=entry.pk).status


@pytest.fixture
def full_slot():
    slot = factories.SlotFactory(capacity=4)
    booking = factories.book(slot, party_size=4, email="first@example.com")
    return slot, booking


def test_cancel_ends_waiting_and_offered_entries_and_tells_them(full_slot):
    slot, booking = full_slot
    offered = join(slot, party_size=2, email="o@example.com")
    waiting = join(slot, party_size=3, email="w@example.com")
    services.booking_change(booking=booking, party_size=2)  # frees 2: offered to the first
    assert status(offered) == WaitlistEntry.Status.OFFERED
    assert Slot.objects.get(pk=slot.pk).booked == 4  # 2 booked + 2 held
    slot_services.slot_cancel(slot_id=slot.pk)
    assert status(offered) == status(waiting) == WaitlistEntry.Status.SLOT_CANCELLED
    assert sorted(waitlist_mails("waitlist_cancelled")) == [offered.pk, waiting.pk]
    fresh = Slot.objects.get(pk=slot.pk)
    assert (fresh.status, fresh.booked) == (Slot.Status.CANCELLED, 0)


def test_cancel_leaves_finished_entries_alone(full_slot):
    slot, _ = full_slot
    left = join(slot, email="l@example.com")
    waitlist.waitlist_leave(entry=left)
    slot_services.slot_cancel(slot_id=slot.pk)
    assert status(left) == WaitlistEntry.Status.LEFT
    assert waitlist_mails("waitlist_cancelled") == []


def test_an_offer_on_a_cancelled_slot_cannot_be_accepted(full_slot):
    slot, booking = full_slot
    entry = join(slot, party_size=1)
    services.booking_cancel(booking=booking)
    slot_services.slot_cancel(slot_id=slot.pk)
    with pytest.raises(errors.WaitlistEntryNotActive):
        waitlist.waitlist_accept(entry=WaitlistEntry.objects.get(pk=entry.pk))
    assert not Booking.objects.filter(status=Booking.Status.CONFIRMED).exists()


def test_more_capacity_is_offered_to_the_list_at_once(full_slot):
    slot, _ = full_slot
    first = join(slot, party_size=2, email="a@example.com")
    second = join(slot, party_size=3, email="b@example.com")
    third = join(slot, party_size=1, email="c@example.com")
    slot_services.slot_set_capacity(slot_id=slot.pk, capacity=7)
    assert [status(e) for e in (first, second, third)] == ["offered", "waiting", "offered"]
    fresh = Slot.objects.get(pk=slot.pk)
    assert fresh.booked == 7 and fresh.available == 0
    # The held places are really gone for walk-ins.
    with pytest.raises(errors.SlotFull):
        factories.book(slot, party_size=1, email="walkin@example.com")


def test_capacity_cannot_go_below_held_places(full_slot):
    slot, booking = full_slot
    join(slot, party_size=2)
    services.booking_change(booking=booking, party_size=2)
    with pytest.raises(errors.CapacityBelowBooked) as caught:
        slot_services.slot_set_capacity(slot_id=slot.pk, capacity=3)
    assert caught.value.booked == 4


def test_reopen_serves_the_list_closing_does_not(full_slot):
    slot, booking = full_slot
    entry = join(slot, party_size=2)
    slot_services.slot_close(slot_id=slot.pk)
    services.booking_change(booking=booking, party_size=1)
    assert status(entry) == "waiting"  # nothing is offered on a closed slot
    slot_services.slot_reopen(slot_id=slot.pk)
    assert status(entry) == "offered"
    assert Slot.objects.get(pk=slot.pk).booked == 3


def test_move_reschedules_each_reminder_and_resets_it(full_slot):
    slot, booking = full_slot
    Booking.objects.filter(pk=booking.pk).update(
        reminder_sent_at=timezone.now(), created=timezone.now() - timedelta(days=30)
    )
    new_start = slot.start + timedelta(days=2)
    slot_services.slot_move(slot_id=slot.pk, start=new_start)
    assert Booking.objects.get(pk=booking.pk).reminder_sent_at is None
    # The reminder falls due at the new time, not the old one.
    old_time, new_time = (s - slot.tour.reminder_before for s in (slot.start, new_start))
    assert booking.pk not in reminders.booking_reminders_due(now=old_time)
    assert booking.pk in reminders.booking_reminders_due(now=new_time)


def test_move_earlier_shortens_an_offer_to_the_new_cutoff(full_slot, settings):
    settings.WAITLIST_OFFER_HOURS = 48
    slot, booking = full_slot
    entry = join(slot, party_size=1)
    services.booking_cancel(booking=booking)
    before = WaitlistEntry.objects.get(pk=entry.pk).offered_until
    new_start = timezone.now() + timedelta(hours=10)
    slot_services.slot_move(slot_id=slot.pk, start=new_start)
    fresh = WaitlistEntry.objects.get(pk=entry.pk)
    assert fresh.status == "offered"
    assert fresh.offered_until == new_start - slot.tour.booking_cutoff < before
    expiries = DBTaskResult.objects.filter(task_path__endswith="waitlist_expire_task")
    assert fresh.offered_until in [t.run_after for t in expiries]
    assert waitlist_mails("waitlist_moved") == [entry.pk]


def test_move_inside_the_cutoff_ends_the_offer_and_frees_its_places(full_slot):
    slot, booking = full_slot
    entry = join(slot, party_size=1)
    services.booking_cancel(booking=booking)
    assert Slot.objects.get(pk=slot.pk).booked == 1
    slot_services.slot_move(slot_id=slot.pk, start=timezone.now() + timedelta(hours=1))
    assert status(entry) == WaitlistEntry.Status.EXPIRED
    assert Slot.objects.get(pk=slot.pk).booked == 0
    assert waitlist_mails("waitlist_expired") == [entry.pk]


def test_move_later_keeps_the_offer_and_tells_the_waiting(full_slot):
    slot, booking = full_slot
    entry = join(slot, party_size=1)
    services.booking_cancel(booking=booking)
    until = WaitlistEntry.objects.get(pk=entry.pk).offered_until
    slot_services.slot_move(slot_id=slot.pk, start=slot.start + timedelta(days=1))
    fresh = WaitlistEntry.objects.get(pk=entry.pk)
    assert (fresh.status, fresh.offered_until) == ("offered", until)
    assert waitlist_mails("waitlist_moved") == [entry.pk]


def test_move_out_of_the_cutoff_offers_the_list(full_slot):
    """A slot inside its cut-off offers nothing; moved later, its free places are offered."""
    slot = factories.SlotFactory(capacity=2, start=timezone.now() + timedelta(hours=5))
    factories.book(slot, party_size=2, email="x@example.com")
    entry = join(slot, party_size=1)
    booking = Booking.objects.get(slot=slot)
    services.booking_change(booking=booking, party_size=1)
    assert status(entry) == "offered"  # control: still before the cut-off here
    other = factories.SlotFactory(capacity=1, start=timezone.now() + timedelta(hours=5))
    factories.book(other, party_size=1, email="y@example.com")
    late = join(other, party_size=1)
    Slot.objects.filter(pk=other.pk).update(capacity=2)  # room appears, no service ran
    assert status(late) == "waiting"
    slot_services.slot_move(slot_id=other.pk, start=timezone.now() + timedelta(days=2))
    assert status(late) == "offered"


def test_waitlist_mails_render(full_slot, mailoutbox):
    slot, _ = full_slot
    entry = join(slot, party_size=1)
    slot_services.slot_move(slot_id=slot.pk, start=slot.start + timedelta(days=1))
    slot_services.slot_cancel(slot_id=slot.pk)
    results = deliver(kind__in=["waitlist_moved", "waitlist_cancelled"])
    assert sorted(results.values()) == ["sent", "sent"]
    subjects = [m.subject for m in mailoutbox if m.to == [entry.email]]
    assert any(slot.tour.title in s for s in subjects)
    assert len(subjects) == 2
