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

import re
from datetime import date, time, timedelta
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import addresses, parsing
from core import text as text_rules


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
    field = db_field.formfield(**kwargs)
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
        # A one-line field (a title, a name) must stay one line in every output, and a
        # required one must show something (core.text).
        field.validators.append(text_rules.validate_one_line)
        if field.required:
            field.validators.append(text_rules.validate_visible)
    if isinstance(field, forms.EmailField):
        field.validators.append(addresses.validate_email_address)
    return field


# --- fields that read what people type ---------------------------------------------------


class PositionField(forms.CharField):
    """A map position, pasted as a link from OpenStreetMap or Google Maps or written as
    "55.01, 11.42" (core.parsing.parse_position); cleans to (latitude, longitude)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "inputmode": "url"})

    def prepare_value(self, value):
        if isinstance(value, tuple | list) and len(value) == 2 and None not in value:
            return f"{value[0]}, {value[1]}"
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parsing.parse_position(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="position_invalid") from None


class DurationWidget(forms.MultiWidget):
    """A number and a unit (minutes, hours, days) side by side, for one duration."""

    def __init__(self, units: tuple[str, ...], attrs: dict | None = None) -> None:
        self.units = units
        choices = [(unit, DURATION_UNITS[unit][1]) for unit in units]
        super().__init__(
            (
                PlainNumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
                forms.Select(choices=choices),
            ),
            attrs,
        )

    def decompress(self, value):
        if value is None or value == "":
            return [None, "hours" if "hours" in self.units else self.units[0]]
        minutes = int(value.total_seconds() // 60)
        # The largest unit that says it exactly: 2880 minutes are 2 days.
        for unit in reversed(self.units):
            size = DURATION_UNITS[unit][0]
            if minutes % size == 0:
                return [minutes // size, unit]
        return [minutes, self.units[0]]

    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(value, list | tuple):
            value = self.decompress(value)
        attrs = dict(attrs or {})
        base_id = attrs.pop("id", f"id_{name}")
        invalid = " is-invalid" if "is-invalid" in attrs.get("class", "") else ""
        amount, unit = self.widgets
        extra = {k: v for k, v in attrs.items() if k in ("required", "aria-describedby")}
        return format_html(
            '<div class="input-group duration-input">{}{}</div>',
            amount.render(
                f"{name}_0",
                value[0],
                {
                    **extra,
                    "id": f"{base_id}_0",
                    "class": f"form-control{invalid}",
                    # Crispy draws a two-part field as a fieldset whose legend is the label.
                    "aria-label": _("Number"),
                },
            ),
            unit.render(
                f"{name}_1",
                value[1],
                {
                    "id": f"{base_id}_1",
                    "class": f"form-select flex-grow-0 w-auto{invalid}",
                    "aria-label": _("Unit"),
                },
            ),
        )

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_

    def value_from_datadict(self, data, files, name):
        if f"{name}_0" not in data and name in data:
            # A plain number under the field's own name is minutes: the earlier form's shape,
            # which scripts and older tests still post.
            return [data.get(name), "minutes"]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


DURATION_UNITS = {
    "minutes": (1, _("minutes")),
    "hours": (60, _("hours")),
    "days": (24 * 60, _("days")),
}


class DurationField(forms.MultiValueField):
    """A duration entered as a whole number and a unit ("2" "days"), stored as a timedelta;
    `min_minutes` and `max_minutes` bound it, and the error says the bound in the unit the
    user chose."""

    def __init__(
        self,
        *,
        units: tuple[str, ...] = ("minutes", "hours", "days"),
        min_minutes: int = 0,
        max_minutes: int,
        **kwargs,
    ) -> None:
        self.units, self.min_minutes, self.max_minutes = units, min_minutes, max_minutes
        fields = (
            forms.IntegerField(min_value=0),
            forms.ChoiceField(choices=[(u, DURATION_UNITS[u][1]) for u in units]),
        )
        super().__init__(fields, widget=DurationWidget(units), require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        amount, unit = data_list
        if amount is None or unit not in self.units:
            return None
        minutes = amount * DURATION_UNITS[unit][0]
        if not self.min_minutes <= minutes <= self.max_minutes:
            raise forms.ValidationError(
                _("Choose between %(low)s and %(high)s."),
                code="duration_range",
                params={
                    "low": _describe(self.min_minutes, self.units),
                    "high": _describe(self.max_minutes, self.units),
                },
            )
        return timedelta(minutes=minutes)


def _describe(minutes: int, units: tuple[str, ...]) -> str:
    for unit in reversed(units):
        size = DURATION_UNITS[unit][0]
        if minutes % size == 0 and (minutes or unit == units[0]):
            count = minutes // size
            return {
                "minutes": ngettext("%(n)d minute", "%(n)d minutes", count),
                "hours": ngettext("%(n)d hour", "%(n)d hours", count),
                "days": ngettext("%(n)d day", "%(n)d days", count),
            }[unit] % {"n": count}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


class TimesField(forms.CharField):
    """One or more clock times in one box ("10, 14.30" or "10 og 14"), read by
    core.parsing.parse_time; cleans to a sorted list without repeats."""

    _SPLIT = re.compile(r"\s*(?:[,;/\n]|\bog\b|\band\b|\bund\b|&|\+)\s*", re.IGNORECASE)

    def to_python(self, value):
        text = super().to_python(value)
        times: list[time] = []
        for chunk in self._SPLIT.split(text):
            if not chunk.strip():
                continue
            try:
                times.append(parsing.parse_time(chunk))
            except ValueError as whole:
                # "10 14" or "10:00 14:00": the chunk may hold several, split by spaces.
                parts = chunk.split()
                if len(parts) < 2:
                    raise forms.ValidationError(str(whole), code="invalid_time") from None
                for part in parts:
                    try:
                        times.append(parsing.parse_time(part))
                    except ValueError as error:
                        raise forms.ValidationError(str(error), code="invalid_time") from None
        return sorted(set(times))

    def validate(self, value) -> None:
        if not value and self.required:
            raise forms.ValidationError(_("Enter at least one start time."), code="required")


class DateRangesWidget(forms.Widget):
    """Rows of two date inputs, "from" and "to", for days off (closures): the rows given,
    plus EMPTY_ROWS empty ones to add more (a preview or a failed save shows new ones).
    Posted as <name>-<n>-from / <name>-<n>-to."""

    EMPTY_ROWS = 2
    MAX_ROWS = 40

    def value_from_datadict(self, data, files, name):
        rows = []
        for n in range(self.MAX_ROWS):
            first = data.get(f"{name}-{n}-from", "")
            last = data.get(f"{name}-{n}-to", "")
            if first or last:
                rows.append((first.strip(), last.strip()))
        return rows

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data)

    def render(self, name, value, attrs=None, renderer=None):
        rows = list(value or [])
        rows += [("", "")] * self.EMPTY_ROWS
        rows = rows[: self.MAX_ROWS]
        base_id = (attrs or {}).get("id", f"id_{name}")
        html = []
        for n, (first, last) in enumerate(rows):
            html.append(
                format_html(
                    '<div class="row g-2 mb-2 align-items-end" data-range-row>'
                    '<div class="col-6 col-sm-5"><label class="form-label small mb-0" for="{}">'
                    "{}</label>{}</div>"
                    '<div class="col-6 col-sm-5"><label class="form-label small mb-0" for="{}">'
                    "{}</label>{}</div></div>",
                    f"{base_id}_{n}_from",
                    _("Closed from"),
                    IsoDateInput({"class": "form-control", "id": f"{base_id}_{n}_from"}).render(
                        f"{name}-{n}-from", first or None
                    ),
                    f"{base_id}_{n}_to",
                    _("to (included)"),
                    IsoDateInput({"class": "form-control", "id": f"{base_id}_{n}_to"}).render(
                        f"{name}-{n}-to", last or None
                    ),
                )
            )
        return mark_safe("".join(html))  # noqa: S308 - each part built by format_html

    def id_for_label(self, id_):
        return f"{id_}_0_from" if id_ else id_


class DateRangesField(forms.Field):
    """Days off as (first, last) date pairs from DateRangesWidget rows; a row with only
    "from" is that one day. Rows come back in the order typed; errors name the row."""

    widget = DateRangesWidget

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        rows = []
        for row in value or []:
            first, last = row
            rows.append((_iso(first), _iso(last if last != first else "")))
        return rows

    def to_python(self, value):
        ranges = []
        date_field = forms.DateField()
        for n, (first_text, last_text) in enumerate(value or [], start=1):
            try:
                first = date_field.clean(first_text or last_text)
                last = date_field.clean(last_text) if last_text else first
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Row %(n)d: choose the days with the date fields."),
                    code="invalid_closure",
                    params={"n": n},
                ) from None
            if last < first:
                raise forms.ValidationError(
                    _("Row %(n)d: the last day is before the first."),
                    code="invalid_closure",
                    params={"n": n},
                )
            ranges.append((first, last))
        return ranges


def _iso(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return value or ""
