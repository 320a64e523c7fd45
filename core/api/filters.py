"""Query-string filter pieces shared by every list of the API. Shape checks only: a value
that does not parse answers 400; a filter that matches nothing gives an empty list."""

from datetime import UTC

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]{0,80}$"})
class SlugFilter(django_filters.CharFilter):
    """A company's slug: anything else cannot name one and is refused with 400."""

    field_class = forms.SlugField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, converted to UTC here: PostgreSQL refuses offsets beyond ±15:59
    that Python accepts, and an instant near year 1 or 9999 may not exist in UTC at all."""

    def to_python(self, value):
        instant = super().to_python(value)
        if instant is None:
            return None
        try:
            return instant.astimezone(UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictFilterSet(django_filters.FilterSet):
    """An empty value of a typed filter (`?to=`, `?kind=`) is refused with 400 instead of
    being read as "no filter": the client meant something, and the schema says what."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            value = self.data.get(name)
            if (
                value is not None
                and not value.strip()
                and not isinstance(filter_, django_filters.CharFilter)
            ):
                self.form.add_error(name, _("This field may not be blank."))
                valid = False
        return valid
