from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OctoConfig(AppConfig):
    """The OCTO supplier API (docs/octo.md): resellers sell the cluster's tours through the
    open standard of the tours-and-activities trade. An adapter, beside the workspace: it
    translates OCTO requests into calls of the booking app's services and decides nothing
    about places itself."""

    name = "octo"
    verbose_name = _("Resellers (OCTO)")
