from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`manage.py load_demo`): the seven member companies of the source
    document with tours, departures, bookings, log-ins and an innovation relay. It sits on
    top, since it fills every app through its services."""

    name = "demo"
    verbose_name = _("Demo data")
