"""Events tell partners of changes by webhook (`event.changed`), in the change's
transaction, once they are published; a draft is not announced."""

import pytest

from events import registrations, services
from notify.models import WebhookEndpoint, WebhookMessage
from tests.factories import CompanyFactory, EventFactory, plan_stops, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return WebhookEndpoint.objects.create(
        url="https://partner.example/hooks", event_types=["event.changed"]
    )


def announced() -> list[dict]:
    return [
        m.payload["data"]["event"]
        for m in WebhookMessage.objects.filter(event_type="event.changed").order_by("pk")
    ]


@pytest.fixture
def published(at, partner):
    event = EventFactory(capacity=10)
    plan_stops(event, (CompanyFactory(), at(10), at(11)))
    assert announced() == []  # a draft's programme is nobody's business yet
    services.event_publish(event=event)
    return event


def test_publishing_is_announced_with_the_events_url(published, settings):
    [event] = announced()
    assert event == {
        "id": published.pk,
        "slug": published.slug,
        "status": "published",
        "url": f"{settings.SITE_URL}/api/v1/events/{published.slug}/",
    }


def test_details_places_programme_and_cancel_are_announced(published, at):
    services.event_update(event=published, title="Ny titel")
    services.event_update(event=published, capacity=12)
    registration = register(published, party_size=2)
    registrations.registration_cancel(registration=registration)
    plan_stops(published, (CompanyFactory(), at(13), at(14)))
    services.event_cancel(event=published)
    statuses = [e["status"] for e in announced()]
    assert statuses == ["published"] * 6 + ["cancelled"]


def test_a_draft_is_not_announced(partner):
    """Control for the fixture's first assertion: a change of a draft writes nothing."""
    event = EventFactory()
    services.event_update(event=event, title="Kladde")
    assert announced() == []


def test_an_endpoint_limited_to_a_host_hears_of_its_events(at):
    host, other = CompanyFactory(), CompanyFactory()
    WebhookEndpoint.objects.create(
        url="https://gaard.example/hooks", event_types=["event.changed"], company_ids=[host.pk]
    )
    WebhookEndpoint.objects.create(
        url="https://other.example/hooks", event_types=["event.changed"], company_ids=[other.pk]
    )
    event = EventFactory(capacity=10)
    plan_stops(event, (host, at(10), at(11)))
    services.event_publish(event=event)
    [message] = WebhookMessage.objects.filter(event_type="event.changed")
    assert [d.endpoint.url for d in message.deliveries.all()] == ["https://gaard.example/hooks"]
