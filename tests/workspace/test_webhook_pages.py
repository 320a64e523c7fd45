"""The coordinator's webhook pages: add an endpoint (secret shown once), refuse a local
address, rotate, switch off and on, the delivery log and "send again"; nobody else gets in."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from notify import webhook_signing, webhooks
from notify.models import WebhookDelivery, WebhookEndpoint
from tests.factories import MembershipFactory, coordinator

pytestmark = pytest.mark.django_db
SECRET = re.compile(r"whsec_[A-Za-z0-9+/=]{40,}")


@pytest.fixture
def coord(client):
    client.force_login(coordinator())
    return client


def test_adding_an_endpoint_shows_its_secret_once(coord):
    response = coord.post(
        reverse("workspace:webhooks"),
        {
            "url": "https://portal.example/hooks",
            "description": "Turistportal",
            "event_types": ["booking.created", "availability.changed"],
        },
    )
    assert response.status_code == 200
    [secret] = SECRET.findall(response.content.decode())
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.event_types == ["booking.created", "availability.changed"]
    assert secret == webhook_signing.endpoint_secret(endpoint)
    for url in (reverse("workspace:webhooks"), reverse("workspace:webhook", args=[endpoint.pk])):
        page = coord.get(url)
        assert page.status_code == 200 and not SECRET.findall(page.content.decode())


def test_an_endpoint_can_be_limited_to_some_companies(coord):
    from tests.factories import CompanyFactory

    company = CompanyFactory(name="Engvang Frugt")
    CompanyFactory()
    coord.post(
        reverse("workspace:webhooks"),
        {
            "url": "https://gaard.example/",
            "event_types": ["booking.created"],
            "companies": [company.pk],
        },
    )
    assert WebhookEndpoint.objects.get().company_ids == [company.pk]
    assert "Engvang Frugt" in coord.get(reverse("workspace:webhooks")).content.decode()


def test_a_local_address_is_refused_in_the_users_language(coord):
    response = coord.post(
        reverse("workspace:webhooks"),
        {"url": "http://10.0.0.5/hooks", "event_types": ["booking.created"]},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert "kan ikke modtage webhooks" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_rotate_switch_and_send_again(coord):
    endpoint, old = webhooks.endpoint_create(
        url="https://portal.example/hooks", event_types=["booking.created"]
    )
    rotated = coord.post(reverse("workspace:webhook_rotate", args=[endpoint.pk]))
    [new] = SECRET.findall(rotated.content.decode())
    endpoint.refresh_from_db()
    assert webhook_signing.signing_secrets(endpoint) == [new, old]

    with transaction.atomic():
        message = webhooks.webhook_emit(event_type="booking.created", data={})
    delivery = message.deliveries.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state="failed", last_status=500)
    log = coord.get(reverse("workspace:webhook", args=[endpoint.pk])).content.decode()
    assert message.webhook_id in log and "HTTP 500" in log
    coord.post(reverse("workspace:webhook_resend", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.PENDING

    coord.post(reverse("workspace:webhook_toggle", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    coord.post(reverse("workspace:webhook_toggle", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_company_staff_and_owners_are_refused(client):
    endpoint, _secret = webhooks.endpoint_create(url="https://p.example/", event_types=[])
    client.force_login(MembershipFactory(role="owner").user)
    assert client.get(reverse("workspace:webhooks")).status_code == 403
    assert client.get(reverse("workspace:webhook", args=[endpoint.pk])).status_code == 403
    assert client.post(reverse("workspace:webhook_rotate", args=[endpoint.pk])).status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.previous_secret_seed is None


def test_the_menu_shows_webhooks_to_the_coordinator_only(client, coord):
    assert (
        reverse("workspace:webhooks") in coord.get(reverse("workspace:companies")).content.decode()
    )
    coord.logout()
    client.force_login(MembershipFactory(role="owner").user)
    assert (
        reverse("workspace:webhooks")
        not in client.get(reverse("workspace:companies")).content.decode()
    )
