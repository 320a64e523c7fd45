"""The outbox's rows: e-mails, and webhook endpoints, messages and deliveries."""

import uuid
from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notify import kinds


class OutboundMail(models.Model):
    """One e-mail the system owes someone. It is written in the transaction of the change that
    causes it (so it commits or rolls back with that change) and sent by the task worker
    afterwards (its poll of due mails, notify.outbox), retried with backoff while the mail
    server is unreachable. The message is
    rendered when it is sent, from the rows it is about as they are then, by the renderer
    the app that owns `kind` registered (notify.mail.renders).

    `context` holds the ids (and small values) the renderer needs, never the message itself;
    `about` names the row the mail is about ("booking.booking:42") for the admin and for
    finding a person's mails, without this app knowing the models above it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not needed")

    # No choices here: the kinds belong to the apps that register them (notify.mail.kinds).
    kind = models.CharField(_("kind"), max_length=30)
    # Indexed in Meta: a field's db_index would add a second, LIKE-only index on PostgreSQL,
    # which no query uses (mails are found by `about` exactly) and every mail written paid.
    about = models.CharField(_("about"), max_length=80, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    recipient = models.EmailField(_("recipient"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    # The id of the task worker that last claimed it (`db_worker --worker-id`), for the admin.
    # A default in the database too: a process of the previous release, still running while
    # this one migrates, writes mails without the column.
    claimed_by = models.CharField(
        _("sent by worker"), max_length=64, blank=True, default="", db_default=""
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["about"], name="notify_mail_about"),
        ]

    def __str__(self) -> str:
        return f"{kinds.label(self.kind)} → {self.recipient}"


class PeriodicJob(models.Model):
    """When a job the task worker runs on a schedule (notify.periodic) last fell due. One row
    per job, shared by every worker: a worker that finds the job due claims it with a
    conditional UPDATE of `last_run_at`, so the job runs once per period however many
    workers there are, and a restarted worker does not run a daily job again."""

    name = models.CharField(_("job"), max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name


def about(obj: models.Model) -> str:
    """The `about` key of a row: "<app_label>.<model>:<pk>"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def new_webhook_id() -> str:
    """A message id for the `webhook-id` header: unique, stable across retries, no meaning."""
    return f"msg_{uuid.uuid4().hex}"


class WebhookEventType(models.TextChoices):
    """What a partner can subscribe to: the public contract of docs/webhooks.md. The apps
    above emit these (notify.webhooks.webhook_emit) with thin payloads of ids and URLs."""

    BOOKING_CREATED = "booking.created", _("Booking created")
    BOOKING_CHANGED = "booking.changed", _("Booking changed")
    BOOKING_CANCELLED = "booking.cancelled", _("Booking cancelled")
    AVAILABILITY_CHANGED = "availability.changed", _("Availability changed")
    EVENT_CHANGED = "event.changed", _("Event changed")


class WebhookEndpoint(models.Model):
    """A partner's URL that receives signed deliveries (Standard Webhooks) of the event types
    it subscribes to. Set up by the coordinator in the admin.

    The signing secret is never stored: it is derived from `secret_seed` and SECRET_KEY
    (notify.webhook_signing), so a copy of the database cannot sign, and it is shown once,
    when made. Rotating keeps the previous seed valid until `previous_secret_until`, and
    deliveries carry both signatures meanwhile."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(
        _("event types"), default=list, help_text=_("The events this endpoint receives.")
    )
    # Ids of the member companies whose changes this endpoint hears of; empty: every company.
    # Ids, not a relation: the outbox sits below the companies' app (docs/architecture.md).
    company_ids = models.JSONField(
        _("only these companies"),
        default=list,
        blank=True,
        help_text=_("Ids of the companies whose changes it receives; empty for all."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=200, blank=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    secret_seed = models.UUIDField(default=uuid.uuid4, editable=False)
    previous_secret_seed = models.UUIDField(null=True, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.description or self.url

    def receives(self, event_type: str, companies: Iterable[int] | None = None) -> bool:
        """Whether an event of this type about these companies is for this endpoint. An
        endpoint limited to some companies hears nothing whose companies are unknown."""
        if not (self.is_active and event_type in self.event_types):
            return False
        if not self.company_ids:
            return True
        return companies is not None and not set(self.company_ids).isdisjoint(companies)


class WebhookMessage(models.Model):
    """One event that happened, as partners see it: the body every endpoint subscribed to
    its type receives (one WebhookDelivery each). Written in the transaction of the change.
    `webhook_id` is the `webhook-id` header, the same on every retry, so a receiver can
    drop a delivery it already processed."""

    webhook_id = models.CharField(
        _("webhook-id"), max_length=40, unique=True, default=new_webhook_id, editable=False
    )
    event_type = models.CharField(_("event type"), max_length=40, choices=WebhookEventType.choices)
    # {"type": ..., "timestamp": ..., "data": {...}}: ids and URLs, never personal data.
    payload = models.JSONField(_("payload"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook message")
        verbose_name_plural = _("webhook messages")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.webhook_id}"


class WebhookDelivery(models.Model):
    """One message owed to one endpoint, and what happened when it was sent: the delivery
    log. States as the mail outbox: PENDING -> SENDING -> DELIVERED, or back to PENDING with
    backoff, or FAILED when the attempts ran out, the endpoint answered 410 Gone, or the
    endpoint was disabled."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        WebhookMessage,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("message"),
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_response = models.TextField(_("last response"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "endpoint"], name="webhook_delivery_once_per_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message} → {self.endpoint}"
