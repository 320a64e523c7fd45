"""Query-string filters of the public lists. Shape checks only: a value that does not parse
answers 400, an unknown company or tour simply matches nothing."""

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.api.filters import IntegerFilter, SlugFilter, StrictFilterSet, UtcIsoDateTimeFilter
from tours.models import Slot, Tour


class TourFilter(StrictFilterSet):
    company = SlugFilter(
        field_name="company__slug", max_length=80, help_text=_("The company's slug.")
    )
    kind = django_filters.ChoiceFilter(choices=Tour.Kind.choices)
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        method="filter_language",
        help_text=_("Tours given in this language."),
    )

    class Meta:
        model = Tour
        fields = ["company", "kind", "language"]

    def filter_language(self, queryset: QuerySet[Tour], name: str, value: str) -> QuerySet[Tour]:
        # `languages` is a JSON list of codes. A quoted text match works on PostgreSQL and
        # SQLite alike (SQLite has no JSON containment); the codes come from a fixed choice
        # list, so the pattern cannot be widened by input.
        return queryset.filter(languages__icontains=f'"{value}"')


class SlotFilter(StrictFilterSet):
    tour = IntegerFilter(field_name="tour_id", min_value=1, max_value=2**63 - 1)
    company = SlugFilter(
        field_name="tour__company__slug", max_length=80, help_text=_("The company's slug.")
    )
    min_available = IntegerFilter(
        field_name="available_places",
        lookup_expr="gte",
        min_value=0,
        max_value=100_000,
        help_text=_("Only slots with at least this many places left."),
    )
    kind = django_filters.ChoiceFilter(field_name="tour__kind", choices=Tour.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Slot.Status.choices)

    class Meta:
        model = Slot
        fields = ["tour", "company", "kind", "min_available", "status"]


# `from` is a Python keyword, so these two cannot be class attributes under their public names.
SlotFilter.base_filters["from"] = UtcIsoDateTimeFilter(
    field_name="start",
    lookup_expr="gte",
    help_text=_("Slots starting at or after this instant (ISO 8601). Default: now."),
)
SlotFilter.base_filters["to"] = UtcIsoDateTimeFilter(
    field_name="start",
    lookup_expr="lt",
    help_text=_("Slots starting before this instant (ISO 8601)."),
)
