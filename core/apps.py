from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: no models, no pages. Error base, contact-data rules, iCalendar
    helpers, API helpers and roles, used by every app above (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Before any app's URL module is loaded: they use "<token:...>" in their routes.
        from django.urls import register_converter

        from core.converters import TokenConverter

        register_converter(TokenConverter, "token")

        from core import checks  # noqa: F401 (registers the system checks)
