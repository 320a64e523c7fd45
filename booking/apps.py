from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        # Registers the booking mails' kinds and renderers with the outbox (notify.mail).
        from booking import mail  # noqa: F401
