from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "tours"
    verbose_name = _("Companies and tours")

    def ready(self) -> None:
        # Every saved or deleted slot, tour, company and photo changes the supply version
        # that the public pages' cached parts are kept under (tours.supply).
        from tours import supply

        supply.connect()
