from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        # Registers the booking mails' kinds and renderers with the outbox (notify.mail).
        from booking import (
            mail,  # noqa: F401
            reminders,
            reservations,
            retention,
        )
        from notify import periodic

        # Held places whose time ran out are released by a scheduled job of the task worker,
        # whatever became of each hold's own task (booking.reservations).
        periodic.register(reservations.holds_expire_task, every=reservations.holds_sweep_every)
        # Reminders that are due are found and sent by a scheduled job (booking.reminders).
        periodic.register(reminders.reminders_send_due_task, every=reminders.reminders_every)
        # Erases personal data past its time, once a day (docs/privacy.md).
        periodic.register(retention.retention_task, every=retention.retention_every)
