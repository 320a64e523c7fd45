from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """What visitors browse before they book: the home page, company and tour pages and the
    public calendar feeds. It reads the supply (tours), asks booking whether and how much
    can be booked, and shows events; it writes nothing."""

    name = "catalogue"
    verbose_name = _("Catalogue")
