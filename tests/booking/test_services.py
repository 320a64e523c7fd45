"""booking_create and booking_cancel: every rule, and nothing written when refused."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import capacity, errors, services
from booking.models import Booking
from core.errors import ContactInvalid
from notify.models import OutboundMail
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book, visitor
from tests.outbox import mails_about
from tours.models import Slot

pytestmark = pytest.mark.django_db


def test_booking_takes_places_and_enqueues_confirmation():
    slot = SlotFactory(capacity=10)
    booking = book(slot, party_size=3)
    slot.refresh_from_db()
    assert slot.booked == 3
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.party_size == 3
    assert len(booking.reference) == 8
    assert set(booking.reference) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert len(booking.token) >= 40 and str(booking.pk) != booking.token
    kinds = sorted(mails_about(booking).values_list("kind", flat=True))
    assert kinds == ["company_new", "confirmed"]
    assert not DBTaskResult.objects.exists()  # the mail rows are the record: no task row


def test_books_the_last_places_exactly():
    slot = SlotFactory(capacity=4)
    book(slot, party_size=4)
    slot.refresh_from_db()
    assert slot.booked == slot.capacity == 4


@pytest.mark.parametrize(
    ("setup", "party_size", "error"),
    [
        (
            lambda s: Slot.objects.filter(pk=s.pk).update(status=Slot.Status.CANCELLED),
            2,
            errors.SlotCancelled,
        ),
        (
            lambda s: Slot.objects.filter(pk=s.pk).update(status=Slot.Status.CLOSED),
            2,
            errors.SlotClosed,
        ),
        (
            lambda s: Slot.objects.filter(pk=s.pk).update(
                start=timezone.now() - timedelta(minutes=5), end=timezone.now() + timedelta(hours=1)
            ),
            2,
            errors.SlotInPast,
        ),
        (
            lambda s: Slot.objects.filter(pk=s.pk).update(
                start=timezone.now() + timedelta(hours=1), end=timezone.now() + timedelta(hours=2)
            ),
            2,
            errors.BookingCutOff,
        ),
        (
            lambda s: s.tour.__class__.objects.filter(pk=s.tour_id).update(published=False),
            2,
            errors.SlotNotFound,
        ),
        (lambda s: None, 0, errors.PartySizeInvalid),
        (lambda s: None, -3, errors.PartySizeInvalid),
        (lambda s: None, 10**9, errors.PartySizeInvalid),
        (lambda s: None, 11, errors.NotEnoughPlaces),
    ],
    ids=[
        "cancelled",
        "closed",
        "past",
        "cut-off",
        "unpublished",
        "zero",
        "negative",
        "absurd",
        "too-many",
    ],
)
def test_refusals_write_nothing(setup, party_size, error):
    slot = SlotFactory(capacity=10)
    setup(slot)
    tasks_before = DBTaskResult.objects.count()
    mails_before = OutboundMail.objects.count()
    with pytest.raises(error) as raised:
        services.booking_create(
            slot_id=slot.pk, visitor=visitor(name="Refused"), party_size=party_size
        )
    assert raised.value.code == error.code
    assert str(raised.value)  # a message for people
    slot.refresh_from_db()
    assert slot.booked == 0
    assert not Booking.objects.exists()
    assert DBTaskResult.objects.count() == tasks_before
    assert OutboundMail.objects.count() == mails_before


def test_full_slot_is_refused_with_slot_full():
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    with pytest.raises(errors.SlotFull):
        book(slot, party_size=1, name="Refused")
    slot.refresh_from_db()
    assert slot.booked == 2
    assert Booking.objects.count() == 1


def test_not_enough_places_says_how_many_are_left():
    slot = SlotFactory(capacity=5)
    book(slot, party_size=3)
    with pytest.raises(errors.NotEnoughPlaces) as raised:
        book(slot, party_size=3)
    assert raised.value.available == 2
    assert "2" in str(raised.value)


def test_slot_that_does_not_exist():
    with pytest.raises(errors.SlotNotFound):
        services.booking_create(slot_id=987654, visitor=visitor(), party_size=1)


class TestGroupVisits:
    def test_group_books_the_whole_slot(self):
        slot = SlotFactory(tour=GroupTourFactory(min_group_size=10, max_group_size=40))
        booking = book(slot, party_size=25, organisation="Maribo Skole")
        slot.refresh_from_db()
        assert booking.party_size == 25 and slot.booked == 25
        assert not capacity.is_bookable(slot, now=timezone.now())

    def test_second_group_is_refused_although_places_remain(self):
        slot = SlotFactory(tour=GroupTourFactory(min_group_size=10, max_group_size=40))
        book(slot, party_size=12)
        with pytest.raises(errors.SlotTaken):
            book(slot, party_size=10, name="Refused")
        slot.refresh_from_db()
        assert slot.booked == 12

    @pytest.mark.parametrize("size", [9, 41])
    def test_group_size_outside_min_max(self, size):
        slot = SlotFactory(tour=GroupTourFactory(min_group_size=10, max_group_size=40))
        with pytest.raises(errors.PartySizeInvalid) as raised:
            book(slot, party_size=size)
        assert "10" in str(raised.value) and "40" in str(raised.value)
        slot.refresh_from_db()
        assert slot.booked == 0

    @pytest.mark.parametrize("size", [10, 40])
    def test_group_size_bounds_are_inclusive(self, size):
        slot = SlotFactory(tour=GroupTourFactory(min_group_size=10, max_group_size=40))
        assert book(slot, party_size=size).party_size == size


class TestVisitorData:
    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"name": "   "}, "name"),
            ({"name": "Anne\nBcc: evil@example.com"}, "name"),
            ({"name": "Anne\rX"}, "name"),
            ({"email": "not-an-address"}, "email"),
            ({"email": "anne@example.com\nBcc: x@example.com"}, "email"),
            ({"phone": "call me maybe"}, "phone"),
            ({"name": "x" * 121}, "name"),
            ({"note": "x" * 2001}, "note"),
        ],
    )
    def test_bad_details_are_refused_naming_the_field(self, fields, field):
        slot = SlotFactory()
        with pytest.raises(ContactInvalid) as raised:
            book(slot, **fields)
        assert raised.value.field == field
        slot.refresh_from_db()
        assert slot.booked == 0 and not Booking.objects.exists()

    def test_html_and_unicode_are_kept_as_written(self):
        slot = SlotFactory()
        booking = book(slot, name="<b>Jørgen</b> Müller; Æbler, Ø", note="Linje 1\nLinje 2")
        booking.refresh_from_db()
        assert booking.name == "<b>Jørgen</b> Müller; Æbler, Ø"
        assert booking.note == "Linje 1\nLinje 2"

    def test_unknown_language_falls_back_to_danish(self):
        assert book(SlotFactory(), language="xx").language == "da"


class TestIdempotency:
    def test_same_key_and_request_returns_the_same_booking(self):
        slot = SlotFactory(capacity=10)
        args = {"slot_id": slot.pk, "visitor": visitor(), "party_size": 2}
        first = services.booking_create(**args, idempotency_key="k-1")
        again = services.booking_create(**args, idempotency_key="k-1")
        assert again.pk == first.pk
        slot.refresh_from_db()
        assert slot.booked == 2 and Booking.objects.count() == 1

    def test_same_key_with_another_request_is_refused(self):
        slot = SlotFactory(capacity=10)
        services.booking_create(
            slot_id=slot.pk, visitor=visitor(), party_size=2, idempotency_key="k-2"
        )
        with pytest.raises(errors.IdempotencyKeyReused):
            services.booking_create(
                slot_id=slot.pk, visitor=visitor(), party_size=3, idempotency_key="k-2"
            )
        slot.refresh_from_db()
        assert slot.booked == 2

    def test_without_a_key_two_requests_are_two_bookings(self):
        slot = SlotFactory(capacity=10)
        book(slot, party_size=2)
        book(slot, party_size=2)
        slot.refresh_from_db()
        assert slot.booked == 4 and Booking.objects.count() == 2


class TestCancel:
    def test_cancel_frees_the_places_and_bumps_the_sequence(self):
        slot = SlotFactory(capacity=10)
        booking = book(slot, party_size=4)
        cancelled = services.booking_cancel(booking=booking)
        slot.refresh_from_db()
        assert slot.booked == 0
        assert cancelled.status == Booking.Status.CANCELLED
        assert cancelled.sequence == booking.sequence + 1
        assert cancelled.cancelled_at is not None

    def test_cancel_twice_is_refused_and_frees_nothing_more(self):
        slot = SlotFactory(capacity=10)
        other = book(slot, party_size=3)
        booking = book(slot, party_size=4)
        services.booking_cancel(booking=booking)
        with pytest.raises(errors.BookingNotActive):
            services.booking_cancel(booking=booking)
        slot.refresh_from_db()
        assert slot.booked == other.party_size

    def test_freed_places_can_be_booked_again(self):
        slot = SlotFactory(tour=TourFactory(), capacity=2)
        services.booking_cancel(booking=book(slot, party_size=2))
        assert book(slot, party_size=2).party_size == 2
