"""Form widgets and fields every form of the product uses for dates, times and numbers.

Why: an HTML ``<input type="date">`` (``time``, ``datetime-local``, ``number``) takes its
``value`` in one machine format only (HTML §2.3.5: ``2026-12-15``, ``14:30``,
``2026-12-15T14:30``, ``1500.5``), whatever language the page is in; the browser shows it in
the user's own format. Django's widgets render the value in the active language's first
input format instead (``15.12.2026`` under da and de), which the browser rejects and shows as
an empty field, and a localised number (``1.500``) is refused the same way. These widgets
always render the machine format, so a form behaves the same under /, /en/ and /de/.

Every Django form field of those kinds in the product uses one of these widgets:
tests/core/test_forms_audit.py walks every form class of our apps and holds them to it.
"""

from decimal import Decimal

from django import forms
from django.db import models


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` with the value as ``YYYY-MM-DD`` in every language."""

    input_type = "date"
    format_key = "DATE_INPUT_FORMATS"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class IsoTimeInput(forms.TimeInput):
    """``<input type="time">`` with the value as ``HH:MM`` (24 h) in every language."""

    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class IsoDateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with the value as ``YYYY-MM-DDTHH:MM``: a local
    wall-clock time in the current time zone (Europe/Copenhagen), which the field reads back
    as an aware datetime."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value)
        return super().format_value(value)


class PlainNumberInput(forms.NumberInput):
    """``<input type="number">`` whose value never carries a thousands separator or a
    decimal comma (``1500.5``, not ``1.500,5``), even in a form field with ``localize=True``
    or under ``USE_THOUSAND_SEPARATOR``: the browser accepts only the plain form."""

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, float):
            return repr(value)
        return str(value)


class IsoDateTimeField(forms.DateTimeField):
    """A local date and time from ``<input type="datetime-local">`` (``2026-12-15T14:30``)."""

    widget = IsoDateTimeInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class IsoDateField(forms.DateField):
    widget = IsoDateInput


class IsoTimeField(forms.TimeField):
    widget = IsoTimeInput


class IntegerField(forms.IntegerField):
    widget = PlainNumberInput


class DecimalField(forms.DecimalField):
    widget = PlainNumberInput


# Which widget a model field's form field gets in a ModelForm (see `formfield`).
_MODEL_WIDGETS: tuple[tuple[type[models.Field], type[forms.Widget]], ...] = (
    (models.DateTimeField, IsoDateTimeInput),  # before DateField: it is a subclass
    (models.DateField, IsoDateInput),
    (models.TimeField, IsoTimeInput),
    (models.DecimalField, PlainNumberInput),
    (models.FloatField, PlainNumberInput),
    (models.IntegerField, PlainNumberInput),
)


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's ``Meta.formfield_callback``: the model field's own form field, with the
    machine-format widget for dates, times and numbers (choices keep their select)::

        class Meta:
            model = Tour
            formfield_callback = core.forms.formfield
    """
    if not getattr(db_field, "choices", None) and "widget" not in kwargs:
        for model_class, widget in _MODEL_WIDGETS:
            if isinstance(db_field, model_class):
                kwargs["widget"] = widget
                break
    return db_field.formfield(**kwargs)
