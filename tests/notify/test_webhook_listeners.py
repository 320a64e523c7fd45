"""Who listens to which webhook event is read once per few seconds per process
(notify.webhooks.listened_types): a booking emits two events, and nobody listening must
cost no query. Only "nobody listens" may be stale, never "somebody listens"."""

import pytest
from django.db import transaction

from notify import webhooks
from notify.models import WebhookDelivery, WebhookEndpoint, WebhookEventType

pytestmark = pytest.mark.django_db

CREATED = WebhookEventType.BOOKING_CREATED
CHANGED = WebhookEventType.BOOKING_CHANGED


@pytest.fixture(autouse=True)
def fresh():
    webhooks.listeners_changed()
    yield
    webhooks.listeners_changed()


def emit(event_type=CREATED):
    with transaction.atomic():
        return webhooks.webhook_emit(event_type=event_type, data={"booking": {"id": 1}})


def test_nobody_listening_costs_no_query_after_the_first(django_assert_num_queries):
    with transaction.atomic():
        with django_assert_num_queries(1):
            assert webhooks.webhook_emit(event_type=CREATED, data={}) is None
        with django_assert_num_queries(0):
            assert webhooks.webhook_emit(event_type=CREATED, data={}) is None
            assert webhooks.webhook_emit(event_type=CHANGED, data={}) is None


def test_an_endpoint_made_in_this_process_hears_the_next_event_at_once():
    assert emit() is None  # nobody listens, and that is remembered
    webhooks.endpoint_create(url="https://partner.example/hook", event_types=[CREATED])

    assert emit() is not None
    assert WebhookDelivery.objects.count() == 1


def test_an_endpoint_enabled_again_here_hears_the_next_event():
    endpoint, _secret = webhooks.endpoint_create(
        url="https://partner.example/hook", event_types=[CREATED]
    )
    webhooks.endpoint_disable(endpoint=endpoint, reason="test")
    assert emit() is None

    webhooks.endpoint_enable(endpoint=endpoint)

    assert emit() is not None


def test_an_endpoint_made_elsewhere_is_heard_once_the_reading_expires(settings):
    assert emit() is None
    # Another process made it: no signal reaches this one (bulk_create sends none either).
    WebhookEndpoint.objects.bulk_create(
        [WebhookEndpoint(url="https://partner.example/hook", event_types=[CREATED])]
    )
    assert emit() is None  # within WEBHOOK_LISTENERS_CACHE_SECONDS: not yet

    settings.WEBHOOK_LISTENERS_CACHE_SECONDS = 0

    assert emit() is not None


def test_an_endpoint_removed_elsewhere_is_never_written_to():
    endpoint, _secret = webhooks.endpoint_create(
        url="https://partner.example/hook", event_types=[CREATED]
    )
    assert emit() is not None  # somebody listens, and that is remembered
    # Another process disables it without a signal reaching this one.
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)

    assert emit() is None
    assert WebhookDelivery.objects.count() == 1


def test_nobody_listens_answers_only_from_memory(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not webhooks.nobody_listens(CREATED)  # nothing known yet: ask
    assert emit() is None  # the look-up: nobody
    with django_assert_num_queries(0):
        assert webhooks.nobody_listens(CREATED)
    webhooks.endpoint_create(url="https://partner.example/hook", event_types=[CREATED])
    assert not webhooks.nobody_listens(CREATED)  # forgotten at once: ask again
    assert emit() is not None
    assert not webhooks.nobody_listens(CREATED) and webhooks.nobody_listens(CHANGED)
