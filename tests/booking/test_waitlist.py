"""The waiting list: order, held places, expiry, leaving, accepting."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import errors, services, waitlist
from booking.models import Booking, WaitlistEntry
from notify.models import OutboundMail
from tests.factories import GroupTourFactory, SlotFactory, book, visitor
from tests.outbox import owed
from tours.models import Slot

pytestmark = pytest.mark.django_db


def join(slot, party_size=1, email="w@example.com", **fields) -> WaitlistEntry:
    return waitlist.waitlist_join(
        slot_id=slot.pk, visitor=visitor(email=email, **fields), party_size=party_size
    )


def _status(*entries) -> list[str]:
    return [WaitlistEntry.objects.get(pk=e.pk).status for e in entries]


@pytest.fixture
def full_slot():
    slot = SlotFactory(capacity=4)
    booking = book(slot, party_size=4, email="first@example.com")
    return slot, booking


def test_join_a_full_slot(full_slot):
    slot, _ = full_slot
    entry = join(slot, party_size=2)
    assert entry.status == WaitlistEntry.Status.WAITING
    assert owed("waitlist_joined") == 1


def test_join_when_places_are_free_is_refused():
    slot = SlotFactory(capacity=4)
    with pytest.raises(errors.WaitlistNotNeeded):
        join(slot, party_size=2)
    assert not WaitlistEntry.objects.exists()


def test_join_when_not_enough_places_for_the_party(full_slot):
    slot, booking = full_slot
    services.booking_change(booking=booking, party_size=3)
    entry = join(slot, party_size=2)
    assert entry.status == WaitlistEntry.Status.WAITING


def test_join_twice_with_the_same_address_is_refused(full_slot):
    slot, _ = full_slot
    join(slot, email="w@example.com")
    with pytest.raises(errors.AlreadyOnWaitlist):
        join(slot, email="W@example.com")


def test_join_a_closed_slot_is_refused(full_slot):
    slot, _ = full_slot
    Slot.objects.filter(pk=slot.pk).update(status=Slot.Status.CLOSED)
    with pytest.raises(errors.SlotClosed):
        join(slot)


def test_cancellation_serves_the_list_in_order(full_slot):
    slot, booking = full_slot
    a = join(slot, party_size=2, email="a@example.com")
    b = join(slot, party_size=2, email="b@example.com")
    c = join(slot, party_size=1, email="c@example.com")
    services.booking_change(booking=booking, party_size=2)  # frees 2: the first in line
    assert _status(a, b, c) == ["offered", "waiting", "waiting"]
    slot.refresh_from_db()
    assert slot.booked == 4  # 2 booked + 2 held for a
    services.booking_cancel(booking=booking)  # frees 2 more: b next, c still waits
    assert _status(a, b, c) == ["offered", "offered", "waiting"]
    slot.refresh_from_db()
    assert slot.booked == 4


def test_first_entry_that_fits_is_served_bigger_ones_keep_their_turn(full_slot):
    slot, booking = full_slot
    big = join(slot, party_size=3, email="big@example.com")
    small = join(slot, party_size=1, email="small@example.com")
    services.booking_change(booking=booking, party_size=3)  # frees 1
    assert _status(big, small) == ["waiting", "offered"]


def test_held_places_cannot_be_booked_by_others(full_slot):
    slot, booking = full_slot
    join(slot, party_size=4)
    services.booking_cancel(booking=booking)
    with pytest.raises(errors.SlotFull):
        book(slot, party_size=1, email="walkin@example.com")


def test_offer_mail_and_expiry_task_are_enqueued(full_slot, settings):
    settings.WAITLIST_OFFER_HOURS = 3
    slot, booking = full_slot
    entry = join(slot, party_size=1)
    before = timezone.now()
    services.booking_cancel(booking=booking)
    entry.refresh_from_db()
    assert before + timedelta(hours=3) <= entry.offered_until <= timezone.now() + timedelta(hours=3)
    expiry = DBTaskResult.objects.get(task_path__endswith="waitlist_expire_task")
    assert expiry.run_after == entry.offered_until
    offer = OutboundMail.objects.get(kind="waitlist_offer")
    assert (offer.recipient, offer.context) == (entry.email, {"entry_id": entry.pk})


def test_offer_never_outlasts_the_booking_cutoff():
    slot = SlotFactory(capacity=1, start=timezone.now() + timedelta(hours=5))
    booking = book(slot, party_size=1)
    entry = join(slot)
    services.booking_cancel(booking=booking)
    entry.refresh_from_db()
    assert entry.offered_until == slot.start - slot.tour.booking_cutoff


def test_accept_books_the_held_places(full_slot):
    slot, booking = full_slot
    entry = join(slot, party_size=3, name="Bo Berg")
    services.booking_cancel(booking=booking)
    new = waitlist.waitlist_accept(entry=entry)
    slot.refresh_from_db()
    entry.refresh_from_db()
    assert (new.party_size, new.name, new.status) == (3, "Bo Berg", "confirmed")
    assert (slot.booked, entry.status, entry.booking_id) == (3, "accepted", new.pk)


def test_accept_twice_is_refused(full_slot):
    slot, booking = full_slot
    entry = join(slot)
    services.booking_cancel(booking=booking)
    waitlist.waitlist_accept(entry=entry)
    with pytest.raises(errors.WaitlistEntryNotActive):
        waitlist.waitlist_accept(entry=entry)
    assert Booking.objects.filter(status="confirmed").count() == 1


def test_accept_without_offer_is_refused(full_slot):
    slot, _ = full_slot
    entry = join(slot)
    with pytest.raises(errors.WaitlistEntryNotActive):
        waitlist.waitlist_accept(entry=entry)


def test_accept_after_the_offer_ran_out_passes_it_on(full_slot):
    slot, booking = full_slot
    a = join(slot, party_size=4, email="a@example.com")
    b = join(slot, party_size=4, email="b@example.com")
    services.booking_cancel(booking=booking)
    a.refresh_from_db()
    with pytest.raises(errors.OfferExpired):
        waitlist.waitlist_accept(entry=a, now=a.offered_until)
    assert _status(a, b) == ["expired", "offered"]
    slot.refresh_from_db()
    assert slot.booked == 4


def test_expiry_passes_places_to_the_next_once(full_slot):
    slot, booking = full_slot
    a = join(slot, party_size=2, email="a@example.com")
    b = join(slot, party_size=2, email="b@example.com")
    services.booking_change(booking=booking, party_size=2)
    a.refresh_from_db()
    assert not waitlist.waitlist_expire(entry_id=a.pk, now=a.offered_until - timedelta(seconds=1))
    assert _status(a, b) == ["offered", "waiting"]
    assert waitlist.waitlist_expire(entry_id=a.pk, now=a.offered_until)
    assert not waitlist.waitlist_expire(entry_id=a.pk, now=a.offered_until)
    assert _status(a, b) == ["expired", "offered"]
    slot.refresh_from_db()
    assert slot.booked == 4


def test_leave_while_waiting(full_slot):
    slot, _ = full_slot
    entry = join(slot)
    waitlist.waitlist_leave(entry=entry)
    assert _status(entry) == ["left"]
    with pytest.raises(errors.WaitlistEntryNotActive):
        waitlist.waitlist_leave(entry=entry)


def test_leave_with_an_offer_frees_it_for_the_next(full_slot):
    slot, booking = full_slot
    a = join(slot, party_size=4, email="a@example.com")
    b = join(slot, party_size=4, email="b@example.com")
    services.booking_cancel(booking=booking)
    waitlist.waitlist_leave(entry=a)
    assert _status(a, b) == ["left", "offered"]
    slot.refresh_from_db()
    assert slot.booked == 4


def test_leave_with_an_offer_and_nobody_next_frees_the_places(full_slot):
    slot, booking = full_slot
    a = join(slot, party_size=4)
    services.booking_cancel(booking=booking)
    waitlist.waitlist_leave(entry=a)
    slot.refresh_from_db()
    assert slot.booked == 0


def test_more_capacity_is_offered_by_offer_next(full_slot):
    slot, _ = full_slot
    a = join(slot, party_size=2)
    slot.capacity = 6
    slot.save(update_fields=["capacity"])
    offered = waitlist.waitlist_offer_next(slot_id=slot.pk)
    assert [e.pk for e in offered] == [a.pk]


def test_move_away_serves_the_old_slots_list(full_slot):
    slot, booking = full_slot
    other = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    a = join(slot, party_size=4)
    services.booking_change(booking=booking, slot_id=other.pk)
    assert _status(a) == ["offered"]


def test_no_offers_for_a_cancelled_slot(full_slot):
    slot, booking = full_slot
    a = join(slot)
    Slot.objects.filter(pk=slot.pk).update(status=Slot.Status.CANCELLED)
    services.booking_cancel(booking=booking)
    assert _status(a) == ["waiting"]


def test_group_slot_is_offered_whole_to_the_first_group_that_fits():
    slot = SlotFactory(tour=GroupTourFactory())
    booking = book(slot, party_size=20, organisation="Skolen")
    a = join(slot, party_size=15, email="a@example.com", organisation="A")
    b = join(slot, party_size=12, email="b@example.com", organisation="B")
    services.booking_cancel(booking=booking)
    assert _status(a, b) == ["offered", "waiting"]
    slot.refresh_from_db()
    assert slot.booked == 15
