"""Webhooks through the outbox: written in the change's transaction, signed as Standard
Webhooks (checked by the `standardwebhooks` library in a real receiver), retried with
backoff, 410 disables, no redirects, timeouts, and targets checked at send time."""

import socket
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from notify import webhook_http, webhook_signing, webhooks
from notify.models import WebhookDelivery, WebhookEndpoint, WebhookEventType, WebhookMessage
from tests.notify.receiver import Receiver

pytestmark = pytest.mark.django_db

CREATED = WebhookEventType.BOOKING_CREATED


@pytest.fixture
def allow_local(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def receiver(allow_local):
    endpoint, secret = webhooks.endpoint_create(
        url="http://placeholder.invalid/", event_types=[CREATED], description="Partner"
    )
    server = Receiver(secret).start()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=server.url)
    server.endpoint = WebhookEndpoint.objects.get(pk=endpoint.pk)
    yield server
    server.stop()


def emit(event_type=CREATED, **data) -> WebhookMessage | None:
    with transaction.atomic():
        return webhooks.webhook_emit(event_type=event_type, data=data or {"booking": {"id": 1}})


def deliver() -> dict[str, str]:
    """The worker's code path for every delivery that is due (as tests/outbox.py for mail)."""
    ids = WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).values_list(
        "pk", flat=True
    )
    return webhooks.deliver_webhooks.call(delivery_ids=sorted(ids))


def make_due() -> None:
    """Time passes: every waiting retry is due now."""
    WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).update(
        next_attempt_at=timezone.now()
    )


@pytest.mark.django_db(transaction=True)
def test_emit_outside_a_transaction_is_refused():
    WebhookEndpoint.objects.create(url="https://partner.example/h", event_types=[CREATED])
    with pytest.raises(RuntimeError):
        webhooks.webhook_emit(event_type=CREATED, data={})
    assert not WebhookMessage.objects.exists()


def test_nothing_is_written_when_nobody_subscribes():
    WebhookEndpoint.objects.create(
        url="https://partner.example/h", event_types=[WebhookEventType.EVENT_CHANGED]
    )
    WebhookEndpoint.objects.create(
        url="https://other.example/h", event_types=[CREATED], is_active=False
    )
    assert emit() is None
    assert not WebhookMessage.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_emit_rolls_back_with_the_change():
    WebhookEndpoint.objects.create(url="https://partner.example/h", event_types=[CREATED])
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        webhooks.webhook_emit(event_type=CREATED, data={})
        1 / 0  # noqa: B018 (the change fails after the event was written)
    assert not WebhookMessage.objects.exists()


def test_a_delivery_arrives_signed_and_verifies_with_standardwebhooks(receiver):
    message = emit(booking={"reference": "K7MQ4PX9"}, url="https://x.example/api/v1/b/")
    assert deliver() == {str(message.deliveries.get().pk): "delivered"}
    [got] = receiver.received
    assert got.verified, got.headers
    assert got.headers["webhook-id"] == message.webhook_id
    assert got.headers["content-type"] == "application/json"
    assert got.payload == {
        "type": "booking.created",
        "timestamp": message.payload["timestamp"],
        "data": {"booking": {"reference": "K7MQ4PX9"}, "url": "https://x.example/api/v1/b/"},
    }
    delivery = message.deliveries.get()
    assert delivery.state == WebhookDelivery.State.DELIVERED
    assert delivery.last_status == 200 and delivery.attempts == 1
    assert delivery.delivered_at is not None


def test_a_wrong_secret_does_not_verify(receiver):
    """Control: the receiver's check can fail, so its passing above means something."""
    receiver.secret = webhook_signing.secret_for_seed(WebhookEndpoint().secret_seed)
    emit()
    deliver()
    assert [r.verified for r in receiver.received] == [False]


def test_secret_has_the_standard_form_and_is_stable():
    endpoint, secret = webhooks.endpoint_create(url="https://p.example/", event_types=[CREATED])
    assert secret.startswith("whsec_")
    assert len(webhook_signing.base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert webhook_signing.endpoint_secret(WebhookEndpoint.objects.get(pk=endpoint.pk)) == secret
    Webhook(secret)  # the library accepts it


def test_rotation_signs_with_both_secrets_during_the_overlap(receiver):
    old = receiver.secret
    new = webhooks.endpoint_rotate_secret(endpoint=receiver.endpoint)
    assert new != old
    emit()
    deliver()
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(got.body, got.headers)


def test_after_the_overlap_only_the_new_secret_signs(receiver):
    old = receiver.secret
    new = webhooks.endpoint_rotate_secret(endpoint=receiver.endpoint, overlap=timedelta(0))
    emit()
    deliver()
    [got] = receiver.received
    Webhook(new).verify(got.body, got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(got.body, got.headers)


def test_only_2xx_counts_and_a_failure_is_retried_later(receiver):
    receiver.behaviour.statuses = [500, 404]
    message = emit()
    assert set(deliver().values()) == {"pending"}
    delivery = message.deliveries.get()
    assert delivery.last_status == 500 and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()
    assert deliver() == {str(delivery.pk): "not due"}  # not before its time
    make_due()
    deliver()
    make_due()
    deliver()
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.DELIVERED and delivery.attempts == 3
    assert len(set(receiver.ids())) == 1 and len(receiver.received) == 3


def test_410_disables_the_endpoint(receiver):
    receiver.behaviour.statuses = [410]
    message = emit()
    assert set(deliver().values()) == {"gone"}
    receiver.endpoint.refresh_from_db()
    assert not receiver.endpoint.is_active
    assert receiver.endpoint.disabled_reason == "410 Gone"
    assert message.deliveries.get().state == WebhookDelivery.State.FAILED
    assert emit() is None  # a disabled endpoint is not written to


def test_a_redirect_is_not_followed(receiver):
    receiver.behaviour.statuses = [302]
    receiver.behaviour.location = f"http://127.0.0.1:{receiver.port}/elsewhere"
    message = emit()
    deliver()
    assert [r.path for r in receiver.received] == ["/hooks"]
    delivery = message.deliveries.get()
    assert delivery.state == WebhookDelivery.State.PENDING
    assert "redirects are not followed" in delivery.last_error


def test_a_slow_receiver_times_out(receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.behaviour.delay = 1.0
    message = emit()
    deliver()
    delivery = message.deliveries.get()
    assert delivery.state == WebhookDelivery.State.PENDING
    assert "timed out" in delivery.last_error.lower()


def test_retries_span_about_three_days():
    total = sum((webhooks.retry_delay(n) for n in range(1, webhooks.MAX_ATTEMPTS)), timedelta())
    assert timedelta(days=2.5) < total < timedelta(days=3.5)


def test_the_last_attempt_fails_for_good(receiver):
    receiver.behaviour.statuses = [503]
    message = emit()
    WebhookDelivery.objects.update(attempts=webhooks.MAX_ATTEMPTS - 1)
    deliver()
    delivery = message.deliveries.get()
    assert delivery.state == WebhookDelivery.State.FAILED and delivery.attempts == 16


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:9000/",
        "http://printer.local/",
        "ftp://partner.example/",
        "http:///nohost",
    ],
)
def test_local_targets_are_refused_when_saved(url):
    assert webhook_http.url_problem(url)


def test_public_targets_pass_the_save_check():
    """Control for the refusals above."""
    assert webhook_http.url_problem("https://partner.example/hooks") is None
    assert webhook_http.url_problem("https://93.184.215.14/hooks") is None


@pytest.fixture
def rebinding_dns(monkeypatch, receiver):
    """partner.example resolves to the receiver on 127.0.0.1: a public-looking name that
    passes the save check and points inside at send time."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "partner.example":
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    url = f"http://partner.example:{receiver.port}/hooks"
    assert webhook_http.url_problem(url) is None
    WebhookEndpoint.objects.filter(pk=receiver.endpoint.pk).update(url=url)
    return receiver


def test_the_address_is_checked_at_send_time(rebinding_dns, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    message = emit()
    deliver()
    assert rebinding_dns.received == []
    delivery = message.deliveries.get()
    assert delivery.state == WebhookDelivery.State.PENDING
    assert "non-public address" in delivery.last_error


def test_the_same_name_is_called_when_local_targets_are_allowed(rebinding_dns):
    """Control: the refusal above is the address check, not a broken name or port; and the
    request carries the name in its Host header while going to the checked address."""
    emit()
    deliver()
    [got] = rebinding_dns.received
    assert got.verified
    assert got.headers["host"] == f"partner.example:{rebinding_dns.port}"


def test_send_again_requeues_a_delivered_message_with_the_same_id(receiver):
    message = emit()
    deliver()
    delivery = message.deliveries.get()
    assert webhooks.delivery_retry_now(delivery=delivery)
    deliver()
    assert receiver.ids() == [message.webhook_id, message.webhook_id]


def test_send_again_leaves_a_disabled_endpoint_alone(receiver):
    message = emit()
    webhooks.endpoint_disable(endpoint=receiver.endpoint, reason="test")
    assert set(deliver().values()) == {"endpoint disabled"}
    assert not webhooks.delivery_retry_now(delivery=message.deliveries.get())
    webhooks.endpoint_enable(endpoint=receiver.endpoint)
    assert webhooks.delivery_retry_now(delivery=message.deliveries.get())
    deliver()
    assert receiver.ids() == [message.webhook_id]


def test_an_endpoint_limited_to_companies_needs_one_of_them():
    endpoint = WebhookEndpoint(event_types=[CREATED], company_ids=[3, 5])
    assert endpoint.receives(CREATED, {5})
    assert not endpoint.receives(CREATED, {4})
    assert not endpoint.receives(CREATED, None)  # unknown companies: not for a limited one
    assert WebhookEndpoint(event_types=[CREATED]).receives(CREATED, {4})  # control: unlimited


def test_the_companies_function_runs_only_for_a_limited_endpoint():
    WebhookEndpoint.objects.create(url="https://p.example/", event_types=[CREATED])
    calls = []
    with transaction.atomic():
        webhooks.webhook_emit(event_type=CREATED, data={}, companies=lambda: calls.append(1) or [1])
    assert calls == []
    WebhookEndpoint.objects.create(url="https://q.example/", event_types=[CREATED], company_ids=[1])
    with transaction.atomic():
        message = webhooks.webhook_emit(
            event_type=CREATED, data={}, companies=lambda: calls.append(1) or [1]
        )
    assert calls == [1] and message.deliveries.count() == 2
