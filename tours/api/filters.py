"""Query-string filters of the public lists. Shape checks only: a value that does not parse
answers 400, an unknown company or tour simply matches nothing."""

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.api.filters import SlugFilter, StrictFilterSet
from tours.models import Tour


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
