"""Several departures booked together for one party (booking.plans): every visit or none,
under the same lock and rule as every booking, with one confirmation for the visitor and
each company's own notice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from booking import errors, plans
from booking.models import Booking, MailKind
from core.errors import ContactInvalid
from notify.models import OutboundMail
from tests.factories import CompanyFactory, SlotFactory, TourFactory, book, visitor
from tests.outbox import deliver
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _day(hours_from_now: int = 72) -> timezone.datetime:
    return (timezone.now() + timedelta(hours=hours_from_now)).replace(
        minute=0, second=0, microsecond=0
    )


def _three_farms(capacity: int = 10) -> list[Slot]:
    start = _day()
    slots = []
    for n, (lat, lon) in enumerate([("54.77", "11.50"), ("54.80", "11.60"), ("54.85", "11.70")]):
        company = CompanyFactory(latitude=Decimal(lat), longitude=Decimal(lon))
        tour = TourFactory(company=company, duration=timedelta(hours=1), price=Decimal("75"))
        slots.append(
            SlotFactory(tour=tour, start=start + timedelta(hours=2 * n), capacity=capacity)
        )
    return slots


def _book_all(slots, party_size=3, **kwargs):
    return plans.bookings_create_together(
        slot_ids=[s.pk for s in slots], visitor=visitor(), party_size=party_size, **kwargs
    )


def test_every_visit_is_booked_with_its_own_booking_and_one_mail_to_the_visitor():
    slots = _three_farms()

    bookings = _book_all(list(reversed(slots)))

    assert [b.slot_id for b in bookings] == [s.pk for s in slots]  # the order of the day
    assert len({b.reference for b in bookings}) == 3
    assert len({b.uid for b in bookings}) == 3
    assert len({b.token for b in bookings}) == 3
    for slot in slots:
        slot.refresh_from_db()
        assert slot.booked == 3
    kinds = list(OutboundMail.objects.values_list("kind", "recipient"))
    assert kinds.count((MailKind.PLAN_CONFIRMED, "anne@example.com")) == 1
    assert not [k for k, _ in kinds if k == MailKind.CONFIRMED]
    # Each company hears of its own visit only.
    notices = OutboundMail.objects.filter(kind=MailKind.COMPANY_NEW)
    assert sorted(notices.values_list("recipient", flat=True)) == sorted(
        s.tour.company.email for s in slots
    )
    for notice in notices:
        booking = Booking.objects.get(pk=notice.context["booking_id"])
        assert notice.recipient == booking.slot.tour.company.email


def test_one_full_visit_books_nothing_and_the_refusal_names_it():
    slots = _three_farms()
    middle = slots[1]
    book(middle, party_size=9, email="other@example.com")
    mails_before = OutboundMail.objects.count()

    with pytest.raises(errors.PlanVisitRefused) as refused:
        _book_all(slots, party_size=3)

    error = refused.value
    assert error.slot_id == middle.pk
    assert error.cause.code == "not_enough_places"
    assert middle.tour.title in error.text
    assert middle.tour.company.name in error.text
    assert error.http_status == 409
    assert Booking.objects.filter(email="anne@example.com").count() == 0
    assert [Slot.objects.get(pk=s.pk).booked for s in slots] == [0, 9, 0]
    assert OutboundMail.objects.count() == mails_before


def test_a_visit_past_its_cut_off_refuses_the_plan():
    slots = _three_farms()
    late = SlotFactory(start=timezone.now() + timedelta(hours=1))  # cut-off is 2 hours
    with pytest.raises(errors.PlanVisitRefused) as refused:
        _book_all([*slots, late])
    assert refused.value.cause.code == "booking_closed"
    assert refused.value.slot_id == late.pk
    assert not Booking.objects.exists()


def test_the_visitor_limits_apply_to_each_visit(settings):
    settings.BOOKING_MAX_PLACES = 4
    settings.BOOKING_MAX_PER_EMAIL = 1
    slots = _three_farms()
    with pytest.raises(errors.PlanVisitRefused) as refused:
        _book_all(slots, party_size=5)
    assert refused.value.cause.code == "group_too_large"
    assert refused.value.field == "party_size"

    book(slots[2], party_size=1)  # the same address already holds one on the last visit
    with pytest.raises(errors.PlanVisitRefused) as refused:
        _book_all(slots, party_size=2)
    assert refused.value.cause.code == "too_many_bookings_for_email"
    assert refused.value.slot_id == slots[2].pk
    assert Booking.objects.count() == 1


def test_a_cancelled_or_missing_departure_refuses_the_plan():
    slots = _three_farms()
    Slot.objects.filter(pk=slots[0].pk).update(status=Slot.Status.CANCELLED)
    with pytest.raises(errors.PlanVisitRefused) as refused:
        _book_all(slots)
    assert refused.value.cause.code == "slot_cancelled"
    with pytest.raises(errors.PlanVisitRefused) as refused:
        plans.bookings_create_together(
            slot_ids=[slots[1].pk, 999_999], visitor=visitor(), party_size=2
        )
    assert refused.value.cause.code == "slot_not_found"
    assert not Booking.objects.exists()


def test_empty_and_too_long_plans_and_bad_contact_details_are_refused():
    with pytest.raises(errors.PlanEmpty):
        plans.bookings_create_together(slot_ids=[], visitor=visitor(), party_size=2)
    many = [SlotFactory(start=_day() + timedelta(hours=n)) for n in range(plans.MAX_VISITS + 1)]
    with pytest.raises(errors.PlanTooLong):
        _book_all(many)
    with pytest.raises(ContactInvalid):
        plans.bookings_create_together(
            slot_ids=[many[0].pk], visitor=visitor(email="not an address"), party_size=2
        )
    assert not Booking.objects.exists()


def test_a_repeated_submission_is_the_same_plan_and_a_reused_key_is_refused():
    slots = _three_farms()
    first = _book_all(slots, idempotency_key="plan:abc")
    again = _book_all(slots, idempotency_key="plan:abc")
    assert [b.pk for b in again] == [b.pk for b in first]
    assert Booking.objects.count() == 3
    assert OutboundMail.objects.filter(kind=MailKind.PLAN_CONFIRMED).count() == 1
    with pytest.raises(errors.IdempotencyKeyReused):
        _book_all(slots[:2], idempotency_key="plan:abc")
    with pytest.raises(errors.IdempotencyKeyReused):
        _book_all(slots, party_size=4, idempotency_key="plan:abc")


def test_each_visit_is_then_changed_and_cancelled_on_its_own():
    from booking import services

    slots = _three_farms()
    bookings = _book_all(slots)
    services.booking_cancel(booking=bookings[1], by_visitor=True)
    services.booking_change(booking=bookings[0], party_size=5, by_visitor=True)
    assert [Slot.objects.get(pk=s.pk).booked for s in slots] == [5, 0, 3]
    assert Booking.objects.get(pk=bookings[2].pk).status == Booking.Status.CONFIRMED


def test_the_mail_lists_every_visit_and_carries_one_event_per_visit():
    slots = _three_farms()
    bookings = _book_all(slots, party_size=3)

    outcome = deliver(kind=MailKind.PLAN_CONFIRMED)

    assert list(outcome.values()) == ["sent"]
    (message,) = [m for m in mail.outbox if m.to == ["Anne Hansen <anne@example.com>"]]
    for booking in bookings:
        assert booking.display_reference in message.body
        assert booking.get_absolute_url() in message.body
        assert booking.slot.tour.company.name in message.body
    assert "225" in message.body  # 3 times 75 kr. per visit
    assert "675" in message.body  # in all
    (ics,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    calendar = Calendar.from_ical(ics[1])
    assert calendar["method"] == "PUBLISH"
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert sorted(str(e["uid"]) for e in events) == sorted(str(b.uid) for b in bookings)
    assert len({str(e["uid"]) for e in events}) == 3
    assert {e.decoded("dtstart") for e in events} == {timezone.localtime(s.start) for s in slots}
    html = message.alternatives[0][0]
    for booking in bookings:
        assert f"cid:checkin-{booking.reference}@" in html


def test_the_mail_leaves_out_visits_cancelled_before_it_was_sent_and_is_moot_without_any():
    from booking import services

    slots = _three_farms()
    bookings = _book_all(slots)
    services.booking_cancel(booking=bookings[0])
    deliver(kind=MailKind.PLAN_CONFIRMED)
    (message,) = [m for m in mail.outbox if "anne@example.com" in m.to[0]]
    assert bookings[0].display_reference not in message.body
    assert bookings[1].display_reference in message.body
    calendar = Calendar.from_ical(message.attachments[-1][1])
    assert len(calendar.walk("VEVENT")) == 2

    mail.outbox.clear()
    others = _book_all(_three_farms(), party_size=1)
    for booking in others:
        services.booking_cancel(booking=booking)
    outcome = deliver(kind=MailKind.PLAN_CONFIRMED)
    assert list(outcome.values()) == ["skipped"]


def test_the_mail_is_in_the_visitor_s_language():
    slots = _three_farms()
    plans.bookings_create_together(
        slot_ids=[s.pk for s in slots],
        visitor=visitor(language="de", email="jm@example.de"),
        party_size=2,
    )
    deliver(kind=MailKind.PLAN_CONFIRMED)
    (message,) = [m for m in mail.outbox if "jm@example.de" in m.to[0]]
    assert message.subject.startswith("Ihr Tagesplan ist gebucht: 3 Besuche am ")
    assert "Alle 3 Besuche Ihres Tagesplans sind gebucht." in message.body
    assert "Diesen Besuch ansehen oder ändern" in message.body
