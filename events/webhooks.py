"""What partners hear of events (notify.webhooks, docs/webhooks.md): `event.changed` when a
published event's details, programme, places or status change. A draft is nobody's
business yet, so it is not announced; publishing it is its first event.

Call inside the transaction of the change."""

from django.conf import settings
from django.urls import reverse

from events.models import Event
from notify import webhooks
from notify.models import WebhookEventType


def event_changed(event: Event) -> None:
    if event.status == Event.Status.DRAFT:
        return
    url = settings.SITE_URL + reverse("api:event-detail", kwargs={"slug": event.slug})
    webhooks.webhook_emit(
        event_type=WebhookEventType.EVENT_CHANGED,
        data={"event": {"id": event.pk, "slug": event.slug, "status": event.status, "url": url}},
        # An event is about its hosts; found only when an endpoint is limited to companies.
        companies=lambda: event.stops.values_list("company_id", flat=True),
    )
