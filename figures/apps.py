from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """Read-only figures of the cluster and of each company: visitors booked and arrived,
    no-shows, occupancy, language, lead time, month by month against the year before. No
    models; every figure is an aggregate query over booking, tours and events."""

    name = "figures"
    verbose_name = _("Figures")
