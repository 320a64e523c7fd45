from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """The durable outbox and the mail registry: every e-mail any app owes someone is an
    OutboundMail row, written in the transaction of the change and sent by the task worker.
    The apps above register a renderer per kind of mail (notify.mail.renders)."""

    name = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The lease sweeper runs as a scheduled job of the task worker (notify.sweep).
        from django.db.models.signals import post_delete, post_save

        from notify import periodic, sweep, webhooks
        from notify.models import WebhookEndpoint

        # Who listens to which webhook events is cached per process (notify.webhooks).
        post_save.connect(webhooks.listeners_changed, sender=WebhookEndpoint)
        post_delete.connect(webhooks.listeners_changed, sender=WebhookEndpoint)

        periodic.register(sweep.sweep_task, every=sweep.sweep_every)
        # Finished task rows are forgotten after RETENTION_DAYS (docs/privacy.md).
        periodic.register(sweep.tasks_prune_task, every=sweep.tasks_prune_every)
