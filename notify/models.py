"""The mail outbox's rows."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notify import kinds


class OutboundMail(models.Model):
    """One e-mail the system owes someone. It is written in the transaction of the change that
    causes it (so it commits or rolls back with that change) and sent by the task worker
    afterwards, retried with backoff while the mail server is unreachable. The message is
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
    about = models.CharField(_("about"), max_length=80, blank=True, db_index=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    recipient = models.EmailField(_("recipient"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

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
