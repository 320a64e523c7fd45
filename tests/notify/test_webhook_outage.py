"""A partner's receiver is down while bookings are made, changed and cancelled: the changes
commit regardless, the real task worker (manage.py db_worker) keeps the deliveries, and
when the receiver is back every event arrives exactly once, signed, verified by the
`standardwebhooks` library."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import services
from booking.models import Booking
from notify import webhooks
from notify.models import WebhookDelivery, WebhookEventType, WebhookMessage
from tests.factories import SlotFactory, book
from tests.notify.receiver import Receiver, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_worker() -> None:
    """The production worker, once through everything that is due, then exit."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def time_passes() -> None:
    """The backoff has run out: every waiting retry, and its task row, is due now."""
    now = timezone.now()
    WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).update(next_attempt_at=now)
    DBTaskResult.objects.filter(status="READY").update(run_after=now)


def test_every_event_arrives_exactly_once_after_an_outage(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    port = free_port()
    _endpoint, secret = webhooks.endpoint_create(
        url=f"http://127.0.0.1:{port}/hooks", event_types=list(WebhookEventType.values)
    )
    receiver = Receiver(secret, port)  # not started: the partner is down

    slot = SlotFactory(capacity=10)
    first, second, third = (book(slot, email=f"v{n}@example.com") for n in range(3))
    services.booking_change(booking=second, party_size=3)
    services.booking_cancel(booking=third)
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 2

    run_worker()
    events = WebhookMessage.objects.count()
    assert events == 3 + 1 + 1 + 5  # created x3, changed, cancelled, availability x5
    waiting = WebhookDelivery.objects.all()
    assert {d.state for d in waiting} == {WebhookDelivery.State.PENDING}
    assert {d.attempts for d in waiting} == {1}
    assert all("ConnectionRefused" in d.last_error for d in waiting)

    receiver.start()
    try:
        run_worker()  # nothing is due yet: the backoff holds
        assert receiver.received == []
        time_passes()
        run_worker()
        time_passes()
        run_worker()  # and again: nothing is sent twice
    finally:
        receiver.stop()

    sent_ids = receiver.ids()
    assert len(sent_ids) == len(set(sent_ids)) == events
    assert set(sent_ids) == set(WebhookMessage.objects.values_list("webhook_id", flat=True))
    assert all(r.verified for r in receiver.received)
    assert {d.state for d in WebhookDelivery.objects.all()} == {WebhookDelivery.State.DELIVERED}
    types = sorted(r.payload["type"] for r in receiver.received)
    assert types.count("booking.created") == 3
    references = {
        r.payload["data"]["booking"]["reference"]
        for r in receiver.received
        if r.payload["type"].startswith("booking.")
    }
    assert references == {first.reference, second.reference, third.reference}
