"""Webhooks through the durable outbox: an event is a WebhookMessage plus one
WebhookDelivery per subscribed endpoint plus a task row, written in the transaction of the
change (`webhook_emit`), and delivered by the task worker after commit (`deliver_webhooks`),
exactly as mail is (notify.outbox). Standard Webhooks: docs/webhooks.md.

Delivery: signed POST (notify.webhook_signing) through notify.webhook_http (the target's
address checked at send time, no redirects, 15-second timeout). Only a 2xx answer counts.
Anything else is retried with exponential backoff for about three days (`retry_delay`,
MAX_ATTEMPTS); 410 Gone disables the endpoint at once. Deliveries are at least once: a
receiver that answered 2xx too late may see a message again, with the same `webhook-id`.
"""

import http.client
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from notify import webhook_http, webhook_signing
from notify.models import WebhookDelivery, WebhookEndpoint, WebhookEventType, WebhookMessage

logger = logging.getLogger(__name__)

# 30 s, 1, 2, 4 … minutes, then every 12 hours: 16 attempts span about 65 hours.
MAX_ATTEMPTS = 16
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=12)
SENDING_LEASE = timedelta(minutes=5)
# How long the previous secret still signs after a rotation.
ROTATION_OVERLAP = timedelta(hours=24)
USER_AGENT = "Klyngebesog-Webhooks/1.0"


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


# The event types some active endpoint subscribes to, as this process last read them, and
# when (time.monotonic()). Most installations have no endpoint at all, or none for most
# types, and every booking emits two events: without this, two queries per booking find
# nobody listening.
_listened: tuple[float, frozenset[str]] | None = None


def _listening(event_type: str) -> list[WebhookEndpoint]:
    """The active endpoints subscribed to `event_type`. Every look-up reads the endpoints
    from the database, and remembers which types they listen to; a type nobody listened to
    at the last look-up is answered from that memory, without a query, for up to
    WEBHOOK_LISTENERS_CACHE_SECONDS, and a process that saves, deletes, enables or disables
    an endpoint forgets it at once (`listeners_changed`).

    Only "nobody listens" can be stale, and only for that long: a type somebody listens to
    is looked up on every emit, so an endpoint removed or disabled elsewhere is never
    written to, and an endpoint made in another process hears events at most that late
    (docs/webhooks.md)."""
    global _listened
    if nobody_listens(event_type):
        return []
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
    _listened = (time.monotonic(), frozenset(t for e in endpoints for t in e.event_types))
    return [e for e in endpoints if event_type in e.event_types]


def nobody_listens(event_type: str) -> bool:
    """Whether `_listening` would answer "nobody" from its memory, without a query: the
    caller may skip building the payload. False means "ask" (webhook_emit does)."""
    fresh = (
        _listened is not None
        and time.monotonic() - _listened[0] < settings.WEBHOOK_LISTENERS_CACHE_SECONDS
    )
    return fresh and event_type not in _listened[1]


def listeners_changed(**_kwargs) -> None:
    """Forget who listens (an endpoint was saved, deleted, enabled or disabled here)."""
    global _listened
    _listened = None


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("webhook_emit must run inside the transaction of the change")


# The companies an event is about: their ids, or a function that finds them (called only
# when an endpoint limited to some companies is listening, so nobody pays for the query
# otherwise).
Companies = Iterable[int] | Callable[[], Iterable[int]] | None


def webhook_emit(
    *, event_type: str, data: dict, companies: Companies = None, now: datetime | None = None
) -> WebhookMessage | None:
    """Writes the event for every active endpoint subscribed to `event_type` (and, for an
    endpoint limited to some companies, to one of `companies`) and queues their delivery.
    `data` is the thin payload: ids and URLs to fetch, no personal data. Returns the
    message, or None when nobody is subscribed (then nothing is written).

    The caller must be inside the transaction of the change: one query when somebody
    listens, and four inserts; none when nobody did at the last look-up (`_listening`)."""
    messages = webhooks_emit(event_type=event_type, data=[data], companies=[companies], now=now)
    return messages[0] if messages else None


def webhooks_emit(
    *,
    event_type: str,
    data: list[dict],
    companies: list[Companies] | None = None,
    now: datetime | None = None,
) -> list[WebhookMessage]:
    """webhook_emit for several events of one type (e.g. a season of new departures) in
    the same number of queries as one; `companies[i]` are the companies of `data[i]`."""
    _require_transaction()
    if event_type not in WebhookEventType.values:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    listening = _listening(event_type)
    if not listening or not data:
        return []
    now = now or timezone.now()
    stamp = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    owed: list[tuple[dict, list[WebhookEndpoint]]] = []
    for item, about in zip(data, companies or [None] * len(data), strict=True):
        ids = None
        if any(e.company_ids for e in listening):
            ids = set(about() if callable(about) else about or ())
        endpoints = [e for e in listening if not e.company_ids or e.receives(event_type, ids)]
        if endpoints:
            owed.append((item, endpoints))
    if not owed:
        return []
    messages = WebhookMessage.objects.bulk_create(
        [
            WebhookMessage(
                event_type=event_type,
                payload={"type": event_type, "timestamp": stamp, "data": item},
            )
            for item, _endpoints in owed
        ]
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(message=message, endpoint=endpoint, next_attempt_at=now)
            for message, (_item, endpoints) in zip(messages, owed, strict=True)
            for endpoint in endpoints
        ]
    )
    _enqueue(deliveries)
    return messages


def _enqueue(deliveries: list[WebhookDelivery], run_after: datetime | None = None) -> None:
    delivery = (
        deliver_webhooks if run_after is None else deliver_webhooks.using(run_after=run_after)
    )
    delivery.enqueue(delivery_ids=[d.pk for d in deliveries])


@task
def deliver_webhooks(*, delivery_ids: list[int]) -> dict[str, str]:
    """Sends each of these deliveries that is due; returns what happened to each."""
    return {str(pk): _deliver(pk) for pk in delivery_ids}


def body_bytes(message: WebhookMessage) -> bytes:
    """The exact bytes that are signed and sent: compact JSON, the same on every retry."""
    return json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")).encode()


def delivery_headers(delivery: WebhookDelivery, body: bytes, *, timestamp: int) -> dict[str, str]:
    webhook_id = delivery.message.webhook_id
    secrets = webhook_signing.signing_secrets(delivery.endpoint)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": webhook_signing.signature_header(
            secrets, webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
    }


def _deliver(delivery_id: int) -> str:
    delivery = delivery_claim(delivery_id=delivery_id)
    if delivery is None:
        return "not due"
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        _record(delivery, state=WebhookDelivery.State.FAILED, error="endpoint disabled")
        return "endpoint disabled"
    body = body_bytes(delivery.message)
    headers = delivery_headers(delivery, body, timestamp=int(time.time()))
    try:
        answer = webhook_http.post(endpoint.url, body=body, headers=headers)
    except (webhook_http.TargetRefused, OSError, http.client.HTTPException) as error:
        logger.warning("webhook delivery %s attempt %s: %s", delivery_id, delivery.attempts, error)
        return delivery_failed(delivery=delivery, error=f"{type(error).__name__}: {error}").state
    if 200 <= answer.status < 300:
        _record(
            delivery, state=WebhookDelivery.State.DELIVERED, status=answer.status, body=answer.body
        )
        return "delivered"
    if answer.status == 410:
        endpoint_disable(endpoint=endpoint, reason="410 Gone")
        _record(
            delivery,
            state=WebhookDelivery.State.FAILED,
            status=410,
            body=answer.body,
            error="410 Gone: the endpoint was disabled",
        )
        return "gone"
    error = f"HTTP {answer.status}"
    if 300 <= answer.status < 400:
        error += " (redirects are not followed)"
    return delivery_failed(
        delivery=delivery, error=error, status=answer.status, body=answer.body
    ).state


def delivery_claim(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Takes the delivery for sending if it is due (or its sender died), else None. The
    conditional UPDATE makes the claim atomic: of two workers, one gets it."""
    now = now or timezone.now()
    due = Q(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now) | Q(
        state=WebhookDelivery.State.SENDING, claimed_at__lt=now - SENDING_LEASE
    )
    claimed = WebhookDelivery.objects.filter(due, pk=delivery_id).update(
        state=WebhookDelivery.State.SENDING,
        claimed_at=now,
        last_attempt_at=now,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("message", "endpoint").get(pk=delivery_id)


def _record(
    delivery: WebhookDelivery,
    *,
    state: str,
    status: int | None = None,
    body: str = "",
    error: str = "",
) -> None:
    fields = {"state": state, "last_status": status, "last_response": body, "last_error": error}
    if state == WebhookDelivery.State.DELIVERED:
        fields["delivered_at"] = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)


def delivery_failed(
    *,
    delivery: WebhookDelivery,
    error: str,
    status: int | None = None,
    body: str = "",
    now: datetime | None = None,
) -> WebhookDelivery:
    """Records a failed attempt and schedules the next with backoff, or FAILED when the
    attempts are used up."""
    now = now or timezone.now()
    delivery.refresh_from_db(fields=["attempts"])
    with transaction.atomic():
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.State.FAILED
        else:
            delivery.state = WebhookDelivery.State.PENDING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            _enqueue([delivery], run_after=delivery.next_attempt_at)
        delivery.last_error, delivery.last_status, delivery.last_response = (
            error[:2000],
            status,
            body,
        )
        delivery.save(
            update_fields=["state", "next_attempt_at", "last_error", "last_status", "last_response"]
        )
    return delivery


def delivery_retry_now(*, delivery: WebhookDelivery) -> bool:
    """The admin's "send again": any delivery not being sent right now is queued at once, a
    delivered one too (the receiver gets the same webhook-id again). Returns False for one
    being sent, or whose endpoint is disabled."""
    with transaction.atomic():
        changed = (
            WebhookDelivery.objects.filter(pk=delivery.pk, endpoint__is_active=True)
            .exclude(state=WebhookDelivery.State.SENDING)
            .update(
                state=WebhookDelivery.State.PENDING, next_attempt_at=timezone.now(), claimed_at=None
            )
        )
        if changed:
            _enqueue([delivery])
    return bool(changed)


def endpoint_create(
    *, url: str, event_types: list[str], description: str = "", company_ids: Iterable[int] = ()
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret, to be shown once to whoever made it; `company_ids`
    limits it to those companies' changes (empty: every company)."""
    endpoint = WebhookEndpoint.objects.create(
        url=url, event_types=event_types, description=description, company_ids=list(company_ids)
    )
    return endpoint, webhook_signing.endpoint_secret(endpoint)


def endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, overlap: timedelta = ROTATION_OVERLAP, now: datetime | None = None
) -> str:
    """Makes a new secret and returns it (to be shown once). The old one keeps signing, beside
    the new, for `overlap`, so the partner can switch without losing a delivery."""
    now = now or timezone.now()
    endpoint.previous_secret_seed = endpoint.secret_seed
    endpoint.previous_secret_until = now + overlap
    endpoint.secret_seed = uuid.uuid4()
    endpoint.save(
        update_fields=["previous_secret_seed", "previous_secret_until", "secret_seed", "updated"]
    )
    return webhook_signing.endpoint_secret(endpoint)


def endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, disabled_reason=reason[:200], disabled_at=timezone.now()
    )
    endpoint.is_active = False
    listeners_changed()


def endpoint_enable(*, endpoint: WebhookEndpoint) -> None:
    """Turns a disabled endpoint on again. Its failed deliveries stay failed: send them
    again from the delivery log if the partner wants them."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=True, disabled_reason="", disabled_at=None
    )
    endpoint.is_active = True
    listeners_changed()
