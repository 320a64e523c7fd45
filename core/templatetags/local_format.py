"""Template filters for core.formats: dates, times, numbers and prices in the active
language. `{{ slot.start|weekday_date }}`, `{{ slot.start|when_range:slot.end }}`,
`{{ tour.price|price }}`; a heading that starts with a Danish weekday adds `|capfirst`."""

from django import template

from core import formats

register = template.Library()


@register.filter
def weekday_date(value):
    """fredag 4. december / Friday 4 December / Freitag, 4. Dezember"""
    return formats.format_day(value, "weekday_date")


@register.filter
def weekday_date_year(value):
    return formats.format_day(value, "weekday_date_year")


@register.filter
def short_date(value):
    """fre. 4. dec. / Fri 4 Dec / Fr., 4. Dez."""
    return formats.format_day(value, "short_date")


@register.filter
def short_date_year(value):
    return formats.format_day(value, "short_date_year")


@register.filter
def day_month(value):
    """4. december / 4 December / 4. Dezember"""
    return formats.format_day(value, "day_month")


@register.filter
def long_date(value):
    """4. december 2026 / 4 December 2026 / 4. Dezember 2026"""
    return formats.format_day(value, "long_date")


@register.filter
def day_month_short(value):
    """4. dec. / 4 Dec / 4. Dez."""
    return formats.format_day(value, "day_month_short")


@register.filter
def month_year(value):
    """december 2026 / December 2026 / Dezember 2026"""
    return formats.format_day(value, "month_year")


@register.filter
def month_short_year(value):
    """dec. 2026 / Dec 2026 / Dez. 2026"""
    return formats.format_day(value, "month_short_year")


@register.filter
def numeric_day_month(value):
    """4/12 / 4/12 / 4.12."""
    return formats.format_day(value, "numeric_day_month")


@register.filter
def clock(value):
    """10:00, in Europe/Copenhagen."""
    return formats.format_clock(value)


@register.filter
def when(value, style="weekday_date_year"):
    """fredag 4. december 2026, 10:00 (style: a core.formats.DATE_PATTERNS key)."""
    return formats.format_when(value, style)


@register.filter
def time_range(start, end):
    """10:00-11:30"""
    return formats.format_time_range(start, end)


@register.filter
def when_range(start, end):
    """fredag 4. december 2026, 10:00-11:30"""
    return formats.format_when_range(start, end)


@register.filter
def when_range_short(start, end):
    """fredag 4. december, 10:00-11:30 (no year: pages that list the coming weeks)"""
    return formats.format_when_range(start, end, "weekday_date")


@register.filter
def number(value, decimals=None):
    """1.500 / 1,500; `|number:1` for one decimal."""
    return formats.format_number(value, None if decimals is None else int(decimals))


@register.filter
def price(value):
    """1.500 kr. / DKK 1,500 / 1.500 DKK"""
    return formats.format_price(value)
