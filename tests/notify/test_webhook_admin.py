"""The coordinator's webhook admin: an endpoint's secret is shown once, local targets are
refused with a message, the secret rotates, and the delivery log sends again."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from notify import webhook_http, webhook_signing, webhooks
from notify.models import WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db
ADD = "admin:notify_webhookendpoint_add"
SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]{40,}")


def _add(admin_client, url: str, **extra):
    data = {"url": url, "description": "Turistportal", "event_types": ["booking.created"]}
    data.update(is_active="on", **extra)
    return admin_client.post(reverse(ADD), data)


def test_a_new_endpoints_secret_is_shown_once(admin_client):
    response = _add(admin_client, "https://partner.example/hooks")
    assert response.status_code == 200
    [secret] = SECRET.findall(response.content.decode())
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.event_types == ["booking.created"]
    assert secret == webhook_signing.endpoint_secret(endpoint)
    change = admin_client.get(reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]))
    assert change.status_code == 200
    assert SECRET.findall(change.content.decode()) == []
    assert (
        secret
        not in admin_client.get(reverse("admin:notify_webhookendpoint_changelist")).content.decode()
    )


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "http://169.254.169.254/", "http://localhost/"]
)
def test_a_local_target_is_refused_with_a_message(admin_client, url):
    response = _add(admin_client, url)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("da"):  # the admin speaks Danish here
        refusal = webhook_http.url_problem(url)
    assert refusal and refusal in html
    assert not WebhookEndpoint.objects.exists()


def test_rotating_shows_the_new_secret(admin_client):
    endpoint, old = webhooks.endpoint_create(
        url="https://p.example/", event_types=["booking.created"]
    )
    response = admin_client.post(
        reverse("admin:notify_webhookendpoint_changelist"),
        {"action": "rotate_secret", "_selected_action": [endpoint.pk]},
    )
    [new] = SECRET.findall(response.content.decode())
    endpoint.refresh_from_db()
    assert new != old and new == webhook_signing.endpoint_secret(endpoint)
    assert webhook_signing.signing_secrets(endpoint) == [new, old]


def test_endpoints_cannot_be_deleted(admin_client):
    endpoint, _secret = webhooks.endpoint_create(url="https://p.example/", event_types=[])
    response = admin_client.get(reverse("admin:notify_webhookendpoint_delete", args=[endpoint.pk]))
    assert response.status_code == 403


def test_the_delivery_log_shows_a_delivery_and_sends_it_again(admin_client):
    _endpoint, _secret = webhooks.endpoint_create(
        url="https://p.example/", event_types=["booking.created"]
    )
    with transaction.atomic():
        message = webhooks.webhook_emit(
            event_type="booking.created", data={"booking": {"reference": "K7MQ4PX9"}}
        )
    delivery = message.deliveries.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=WebhookDelivery.State.FAILED, attempts=16, last_status=503
    )
    log = admin_client.get(reverse("admin:notify_webhookdelivery_changelist"))
    assert log.status_code == 200 and message.webhook_id in log.content.decode()
    detail = admin_client.get(reverse("admin:notify_webhookdelivery_change", args=[delivery.pk]))
    assert "K7MQ4PX9" in detail.content.decode()
    response = admin_client.post(
        reverse("admin:notify_webhookdelivery_changelist"),
        {"action": "send_again", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.PENDING
