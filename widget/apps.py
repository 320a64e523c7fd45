from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WidgetConfig(AppConfig):
    """The booking widget other websites embed in an iframe: a company's (or the cluster's)
    next departures and the booking form, framed only by the origins the company lists."""

    name = "widget"
    verbose_name = _("Booking widget")
