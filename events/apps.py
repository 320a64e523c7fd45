from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Registers the events' mail kinds and renderers with the outbox (notify.mail).
        from events import (
            mail,  # noqa: F401
            retention,
        )
        from notify import periodic

        # Erases participants' personal data past its time, once a day (docs/privacy.md).
        periodic.register(retention.registration_retention_task, every=retention.retention_every)
