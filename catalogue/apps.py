from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _fold_on_sqlite(sender, connection, **kwargs) -> None:
    """SQLite's LOWER folds only ASCII: the visits search folds with Python's own `fold`
    there (catalogue.visit_selectors.Fold), so "æble" finds "ÆBLE" on both databases."""
    if connection.vendor == "sqlite":
        from catalogue.visit_selectors import SQLITE_FOLD, fold_or_none

        connection.connection.create_function(SQLITE_FOLD, 1, fold_or_none, deterministic=True)


class CatalogueConfig(AppConfig):
    """What visitors browse before they book: the home page, company and tour pages and the
    public calendar feeds. It reads the supply (tours), asks booking whether and how much
    can be booked, and shows events; it writes nothing."""

    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        connection_created.connect(_fold_on_sqlite, dispatch_uid="catalogue.fold")
