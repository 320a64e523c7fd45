"""The programme service: reservation of the hosts' slots, all or nothing; conflicts;
host answers; cancelling an event."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from booking import errors as booking_errors
from booking import holds
from booking.models import SlotHold
from events import errors, services
from events.models import Event, Stop
from notify.models import OutboundMail
from tests.factories import (
    CompanyFactory,
    EventFactory,
    SlotFactory,
    TourFactory,
    book,
    plan_stops,
    register,
)
from tests.outbox import owed
from tours.models import Slot

pytestmark = pytest.mark.django_db


def _slot(company, start, end, **fields):
    return SlotFactory(tour=TourFactory(company=company), start=start, end=end, **fields)


def test_a_stop_closes_the_hosts_overlapping_slots_and_only_those(at):
    host = CompanyFactory()
    inside = _slot(host, at(10), at(11, 30))
    edge = _slot(host, at(11, 30), at(13))  # starts when the stop ends: no overlap
    other_company = _slot(CompanyFactory(), at(10), at(11, 30))
    event = EventFactory()

    [stop] = plan_stops(event, (host, at(10, 30), at(11, 30), "Rundvisning i vinmarken"))

    inside.refresh_from_db(), edge.refresh_from_db(), other_company.refresh_from_db()
    assert inside.status == Slot.Status.CLOSED
    assert edge.status == Slot.Status.SCHEDULED
    assert other_company.status == Slot.Status.SCHEDULED
    assert holds.held_slot_ids(stop.holder) == [inside.pk]
    assert stop.host_state == Stop.HostState.REQUESTED
    assert owed("host_requested") == 1


def test_visitors_cannot_book_a_slot_held_by_a_stop(at):
    host = CompanyFactory()
    slot = _slot(host, at(10), at(11, 30))
    plan_stops(EventFactory(), (host, at(10), at(11)))

    with pytest.raises(booking_errors.SlotClosed):
        book(slot)
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_stop_cannot_be_placed_over_booked_slots_and_nothing_is_written(at):
    first, second = CompanyFactory(), CompanyFactory()
    free = _slot(first, at(10), at(11, 30))
    booked = _slot(second, at(12), at(13, 30))
    book(booked, party_size=2)
    event = EventFactory()
    tasks_before, mails_before = DBTaskResult.objects.count(), OutboundMail.objects.count()

    with pytest.raises(errors.StopOverBookings):
        plan_stops(event, (first, at(10), at(11)), (second, at(12), at(13)))

    free.refresh_from_db()
    assert free.status == Slot.Status.SCHEDULED  # all or nothing: the first stop is undone
    assert not Stop.objects.filter(event=event).exists()
    assert not SlotHold.objects.exists()
    assert DBTaskResult.objects.count() == tasks_before
    assert OutboundMail.objects.count() == mails_before


def test_control_the_same_programme_without_the_booking_is_reserved(at):
    """Shows the refusal above comes from the booking, not from the programme's shape."""
    first, second = CompanyFactory(), CompanyFactory()
    _slot(first, at(10), at(11, 30))
    _slot(second, at(12), at(13, 30))
    stops = plan_stops(EventFactory(), (first, at(10), at(11)), (second, at(12), at(13)))
    assert len(stops) == 2
    assert SlotHold.objects.count() == 2


def test_overlapping_stops_are_refused(at):
    with pytest.raises(errors.StopsOverlap):
        plan_stops(
            EventFactory(),
            (CompanyFactory(), at(10), at(11)),
            (CompanyFactory(), at(10, 30), at(12)),
        )
    assert not Stop.objects.exists()


def test_a_stop_must_end_after_it_starts(at):
    with pytest.raises(errors.StopTimesInvalid):
        plan_stops(EventFactory(), (CompanyFactory(), at(11), at(10)))


def test_two_events_cannot_hold_one_host_at_the_same_time(at):
    host = CompanyFactory()
    _slot(host, at(10), at(11, 30))
    plan_stops(EventFactory(), (host, at(10), at(11)))
    with pytest.raises(errors.StopOverOtherEvent):
        plan_stops(EventFactory(), (host, at(10, 30), at(11, 30)))


def test_two_events_at_one_host_conflict_even_without_slots(at):
    host = CompanyFactory()
    plan_stops(EventFactory(), (host, at(10), at(11)))
    with pytest.raises(errors.StopOverOtherEvent):
        plan_stops(EventFactory(), (host, at(10, 30), at(11, 30)))


def test_moving_a_stop_reopens_exactly_the_slots_it_closed(at):
    host = CompanyFactory()
    old = _slot(host, at(10), at(11, 30))
    closed_by_company = _slot(host, at(10), at(11, 30), status=Slot.Status.CLOSED)
    new = _slot(host, at(14), at(15, 30))
    event = EventFactory()
    [stop] = plan_stops(event, (host, at(10), at(11)))
    stop.host_state = Stop.HostState.ACCEPTED
    stop.save()

    [moved] = services.programme_save(
        event=event,
        stops=[services.StopData(company=host, start=at(14), end=at(15), stop_id=stop.pk)],
    )

    old.refresh_from_db(), closed_by_company.refresh_from_db(), new.refresh_from_db()
    assert old.status == Slot.Status.SCHEDULED
    assert closed_by_company.status == Slot.Status.CLOSED  # the company's own closure stays
    assert new.status == Slot.Status.CLOSED
    assert moved.pk == stop.pk
    assert moved.uid == stop.uid
    assert moved.sequence == stop.sequence + 1
    assert moved.host_state == Stop.HostState.REQUESTED  # a new time needs a new yes


def test_removing_a_stop_releases_it_and_keeps_it_for_the_cancellation(at):
    host, other = CompanyFactory(), CompanyFactory()
    slot = _slot(host, at(10), at(11, 30))
    event = EventFactory()
    first, second = plan_stops(event, (host, at(10), at(11)), (other, at(12), at(13)))

    services.programme_save(
        event=event,
        stops=[services.StopData(company=other, start=at(12), end=at(13), stop_id=second.pk)],
    )

    slot.refresh_from_db()
    first.refresh_from_db()
    assert slot.status == Slot.Status.SCHEDULED
    assert first.removed_at is not None
    assert first.sequence == 1
    assert not holds.held_slot_ids(first.holder)


def test_removed_stop_sends_each_participant_a_cancellation_of_that_stop(at):
    host, other = CompanyFactory(), CompanyFactory()
    event = EventFactory()
    first, second = plan_stops(event, (host, at(10), at(11)), (other, at(12), at(13)))
    services.event_publish(event=event)
    register(event, email="a@example.com")
    register(event, email="b@example.com")

    services.programme_save(
        event=event,
        stops=[services.StopData(company=other, start=at(12), end=at(13), stop_id=second.pk)],
    )

    removed = OutboundMail.objects.filter(kind="event_stop_removed")
    assert removed.count() == 2
    assert {m.context["stop_id"] for m in removed} == {first.pk}
    assert {m.recipient for m in removed} == {"a@example.com", "b@example.com"}


def test_a_stop_id_of_another_event_is_refused(at):
    [foreign] = plan_stops(EventFactory(), (CompanyFactory(), at(10), at(11)))
    with pytest.raises(errors.StopNotFound):
        services.programme_save(
            event=EventFactory(),
            stops=[
                services.StopData(
                    company=foreign.company, start=at(12), end=at(13), stop_id=foreign.pk
                )
            ],
        )


def test_programme_check_reports_conflicts_without_writing(at):
    host, busy, closed = CompanyFactory(), CompanyFactory(), CompanyFactory()
    book(_slot(busy, at(12), at(13, 30)))
    _slot(closed, at(14), at(15, 30), status=Slot.Status.CLOSED)
    free = _slot(host, at(10), at(11, 30))
    event = EventFactory()
    stops = [
        services.StopData(company=host, start=at(10), end=at(11)),
        services.StopData(company=busy, start=at(12), end=at(13)),
        services.StopData(company=closed, start=at(14), end=at(15)),
        services.StopData(company=CompanyFactory(), start=at(14, 30), end=at(16)),
    ]

    problems = services.programme_check(event=event, stops=stops)

    assert {(p.code, p.index, p.blocking) for p in problems} == {
        ("stop_over_bookings", 1, True),
        ("company_closed", 2, False),
        ("stops_overlap", 3, True),
    }
    free.refresh_from_db()
    assert free.status == Slot.Status.SCHEDULED
    assert not Stop.objects.exists()


def test_a_host_accepts_and_the_organiser_hears(at):
    [stop] = plan_stops(EventFactory(), (CompanyFactory(), at(10), at(11)))
    stop = services.stop_answer(stop=stop, accept=True)
    assert stop.host_state == Stop.HostState.ACCEPTED
    assert owed("host_accepted") == 1
    with pytest.raises(errors.StopAlreadyAnswered):
        services.stop_answer(stop=stop, accept=False)


def test_a_declining_host_gets_its_slots_back(at):
    host = CompanyFactory()
    slot = _slot(host, at(10), at(11, 30))
    event = EventFactory()
    [stop] = plan_stops(event, (host, at(10), at(11)))

    services.stop_answer(stop=stop, accept=False)

    slot.refresh_from_db()
    assert slot.status == Slot.Status.SCHEDULED
    assert not SlotHold.objects.exists()
    with pytest.raises(errors.ProgrammeNotReady):
        services.event_publish(event=event)


def test_publishing_needs_a_programme():
    with pytest.raises(errors.ProgrammeNotReady):
        services.event_publish(event=EventFactory())


def test_cancelling_an_event_releases_every_slot_and_tells_everyone(at):
    a, b = CompanyFactory(), CompanyFactory()
    slots = [_slot(a, at(10), at(11, 30)), _slot(b, at(12), at(13, 30))]
    event = EventFactory(capacity=2)
    stops = plan_stops(event, (a, at(10), at(11)), (b, at(12), at(13)))
    services.event_publish(event=event)
    confirmed = register(event, party_size=2)
    waiting = register(event, party_size=1, email="w@example.com")

    services.event_cancel(event=event)

    for slot in slots:
        slot.refresh_from_db()
        assert slot.status == Slot.Status.SCHEDULED
    assert not SlotHold.objects.exists()
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    kinds = dict(
        OutboundMail.objects.filter(
            kind__in=["event_cancelled", "event_waiting_closed"]
        ).values_list("context__registration_id", "kind")
    )
    assert kinds == {confirmed.pk: "event_cancelled", waiting.pk: "event_waiting_closed"}
    released = OutboundMail.objects.filter(kind="host_released")
    assert {m.context["stop_id"] for m in released} == {s.pk for s in stops}
    assert all(s.sequence == 1 for s in Stop.objects.all())
    with pytest.raises(errors.EventCancelled):
        services.event_cancel(event=event)
    with pytest.raises(errors.EventCancelled):
        plan_stops(event, (a, at(10), at(11)))


def test_capacity_cannot_drop_below_places_registered(at):
    event = EventFactory(capacity=5)
    plan_stops(event, (CompanyFactory(), at(10), at(11)))
    services.event_publish(event=event)
    register(event, party_size=4)
    with pytest.raises(errors.CapacityBelowRegistered):
        services.event_update(event=event, capacity=3)
    event.refresh_from_db()
    assert event.capacity == 5


def test_a_stop_in_the_past_is_refused(at):
    with pytest.raises(errors.EventError):
        plan_stops(
            EventFactory(),
            (CompanyFactory(), at(10) - timedelta(days=30), at(11) - timedelta(days=30)),
        )


def test_participants_hear_of_an_added_or_moved_stop_but_not_of_an_unchanged_save(at):
    host, other = CompanyFactory(), CompanyFactory()
    event = EventFactory()
    [first] = plan_stops(event, (host, at(10), at(11)))
    services.event_publish(event=event)
    register(event)
    changed = OutboundMail.objects.filter(kind="event_changed")
    keep = services.StopData(company=host, start=at(10), end=at(11), stop_id=first.pk)

    services.programme_save(event=event, stops=[keep])
    assert changed.count() == 0

    services.programme_save(
        event=event, stops=[keep, services.StopData(company=other, start=at(12), end=at(13))]
    )
    assert changed.count() == 1
