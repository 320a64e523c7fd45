"""The events' mails, sent through the outbox: hosts get their secret answer link, the old
host of a moved stop is released, participants on the waiting list get no calendar."""

import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Stop
from notify.models import OutboundMail
from tests.factories import CompanyFactory, EventFactory, plan_stops, register
from tests.outbox import deliver

pytestmark = pytest.mark.django_db


def test_host_request_mail_carries_the_secret_answer_link(at):
    host = CompanyFactory(email="vin@example.dk")
    [stop] = plan_stops(EventFactory(), (host, at(10), at(11), "Smagning"))
    mail.outbox.clear()

    assert list(deliver(kind="host_requested").values()) == ["sent"]

    [message] = mail.outbox
    assert message.to == ["vin@example.dk"]
    assert reverse("events:host", args=[stop.host_token]) in message.body
    assert "Smagning" in message.body
    assert "10:00" in message.body


def test_a_request_to_a_replaced_host_is_not_sent(at):
    first, second = CompanyFactory(), CompanyFactory()
    event = EventFactory()
    [stop] = plan_stops(event, (first, at(10), at(11)))
    old_token = stop.host_token
    services.programme_save(
        event=event,
        stops=[services.StopData(company=second, start=at(10), end=at(11), stop_id=stop.pk)],
    )
    mail.outbox.clear()

    results = deliver(kind="host_requested")
    to_first = OutboundMail.objects.get(kind="host_requested", recipient=first.email)
    assert results[str(to_first.pk)] == "skipped"  # superseded: the old token is gone
    assert [m.to for m in mail.outbox] == [[second.email]]  # control: the new host is asked
    stop.refresh_from_db()
    assert stop.host_token != old_token
    assert not Stop.objects.filter(Stop.token_lookup(old_token)).exists()


def test_released_mail_goes_to_the_host_that_was_released(at):
    first, second = CompanyFactory(email="first@example.dk"), CompanyFactory()
    event = EventFactory()
    [stop] = plan_stops(event, (first, at(10), at(11)))
    services.programme_save(
        event=event,
        stops=[services.StopData(company=second, start=at(12), end=at(13), stop_id=stop.pk)],
    )
    mail.outbox.clear()
    deliver(kind="host_released")
    [message] = mail.outbox
    assert message.to == ["first@example.dk"]
    assert "10:00" in message.body


def test_waiting_list_mail_has_no_calendar(at):
    event = EventFactory(capacity=1)
    plan_stops(event, (CompanyFactory(), at(10), at(11)))
    services.event_publish(event=event)
    register(event, party_size=1)
    waiting = register(event, party_size=1, email="w@example.com")
    mail.outbox.clear()
    deliver(kind="event_waiting", recipient=waiting.email)
    [message] = mail.outbox
    assert not message.alternatives and not message.attachments
    assert "waiting list" in message.body or "venteliste" in message.body


def test_no_update_reaches_a_participant_who_cancelled_meanwhile(at):
    from events.registrations import registration_cancel

    event = EventFactory()
    plan_stops(event, (CompanyFactory(), at(10), at(11)))
    services.event_publish(event=event)
    registration = register(event)
    registration_cancel(registration=registration)
    mail.outbox.clear()
    results = deliver(context__registration_id=registration.pk)
    by_kind = dict(
        OutboundMail.objects.filter(pk__in=list(map(int, results))).values_list("kind", "pk")
    )
    # The invitation was still waiting when the registration was cancelled: not sent, since it
    # would put the event back in the calendar; the cancellation goes out.
    assert results[str(by_kind["event_confirmed"])] == "skipped"
    assert results[str(by_kind["event_unregistered"])] == "sent"
    [message] = mail.outbox
    assert message.method == "CANCEL"  # the cancellation, whatever the language


@pytest.mark.parametrize("participants", [1, 50])
def test_cancelling_an_event_writes_everyones_mail_in_bounded_queries(
    at, participants, django_assert_max_num_queries
):
    event = EventFactory(capacity=100)
    plan_stops(event, (CompanyFactory(), at(10), at(11)))
    services.event_publish(event=event)
    for n in range(participants):
        register(event, party_size=1, email=f"p{n}@example.com")
    # One bulk insert of the mails and one task row, however many participants (the rest:
    # the event lock, the stop's slots locked and released through booking.holds, the host's
    # notice, the webhook subscribers looked up for the freed slots and for the event).
    with django_assert_max_num_queries(16):
        services.event_cancel(event=event)
    assert OutboundMail.objects.filter(kind="event_cancelled").count() == participants
