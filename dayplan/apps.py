from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DayplanConfig(AppConfig):
    """A visitor's day at several farms: departures of different companies gathered in the
    session (no account), shown in time order with the travel between them (events.travel),
    and booked together, every visit or none (booking.plans). It keeps no tables: a plan is
    a list of departures until it is booked, and then it is ordinary bookings."""

    name = "dayplan"
    verbose_name = _("Day plan")
