"""One place that writes dates, times, numbers and prices for people, in the active language.

Django's locale formats cover numeric dates and input formats; they have no way to say
"fredag 4. december" in Danish but "Friday 4 December" in English and "Freitag, 4. Dezember"
in German, their Danish weekday and month names come from our catalogues (which capitalised
them), and `floatformat` has no thousands separator. Babel carries the CLDR data for all of
it, so the names, abbreviations and separators here are CLDR's.

Every function reads the active language (`translation.get_language()`), so a mail rendered
under `translation.override(booking.language)` is written in the recipient's language, and
shows aware datetimes in Europe/Copenhagen (the current time zone). Templates use the same
functions as filters (`{% load local_format %}`, core/templatetags/local_format.py).

The patterns are ours, per language; the words in them are CLDR's:

| style | da | en | de |
|---|---|---|---|
| weekday_date | fredag 4. december | Friday 4 December | Freitag, 4. Dezember |
| weekday_date_year | fredag 4. december 2026 | Friday 4 December 2026 | Freitag, 4. Dezember 2026 |
| short_date | fre. 4. dec. | Fri 4 Dec | Fr., 4. Dez. |
| day_month | 4. december | 4 December | 4. Dezember |
| long_date | 4. december 2026 | 4 December 2026 | 4. Dezember 2026 |
| month_short | dec. | Dec | Dez. |
| month_year | december 2026 | December 2026 | Dezember 2026 |
| month_short_year | dec. 2026 | Dec 2026 | Dez. 2026 |
| day_month_short | 4. dec. | 4 Dec | 4. Dez. |
| time | 10:00 | 10:00 | 10:00 |
| price | 1.500 kr. | DKK 1,500 | 1.500 DKK |

Danish weekdays are lower case, as Danish writes them mid-sentence; a template that starts a
sentence or a heading with one uses `|capfirst`. Times are 24-hour in every language (the
site's visitors are in Denmark; "10:00 AM" would be the odd one out).
"""

from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_time, get_day_names
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils import timezone, translation

# The CLDR locale for each language of the site. English is British English: day before
# month, 24-hour clock.
LOCALES = {"da": "da_DK", "en": "en_GB", "de": "de_DE"}

DATE_PATTERNS = {
    "weekday_date": {"da": "EEEE d. MMMM", "en": "EEEE d MMMM", "de": "EEEE, d. MMMM"},
    "weekday_date_year": {
        "da": "EEEE d. MMMM y",
        "en": "EEEE d MMMM y",
        "de": "EEEE, d. MMMM y",
    },
    "short_date": {"da": "EEE d. MMM", "en": "EEE d MMM", "de": "EEE, d. MMM"},
    "short_date_year": {"da": "EEE d. MMM y", "en": "EEE d MMM y", "de": "EEE, d. MMM y"},
    "day_month": {"da": "d. MMMM", "en": "d MMMM", "de": "d. MMMM"},
    "long_date": {"da": "d. MMMM y", "en": "d MMMM y", "de": "d. MMMM y"},
    "numeric_day_month": {"da": "d/M", "en": "d/M", "de": "d.M."},
    "month_short": {"da": "MMM", "en": "MMM", "de": "MMM"},
    "month_year": {"da": "MMMM y", "en": "MMMM y", "de": "MMMM y"},
    "month_short_year": {"da": "MMM y", "en": "MMM y", "de": "MMM y"},
    "day_month_short": {"da": "d. MMM", "en": "d MMM", "de": "d. MMM"},
}
TIME_PATTERN = "HH:mm"
CURRENCY = "DKK"
# Between the two ends of a range (an en dash), without spaces when both ends are short.
RANGE_DASH = "\N{EN DASH}"


def _language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in LOCALES else settings.LANGUAGE_CODE


def _locale() -> Locale:
    return _parsed_locale(_language())


@cache
def _parsed_locale(language: str) -> Locale:
    # Parsed once per language: Locale.parse showed in the month calendar's profile.
    return Locale.parse(LOCALES[language])


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value: date | datetime | None, style: str = "weekday_date") -> str:
    """A date (or a datetime's local date) in one of the styles of DATE_PATTERNS."""
    if value is None:
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, DATE_PATTERNS[style][_language()], locale=_locale())


def weekday_names(width: str = "wide") -> list[str]:
    """The seven weekday names, Monday first, as CLDR writes them standing alone: "wide"
    (mandag / Monday / Montag) or "short" (ma / Mo / Mo), for a calendar's column heads."""
    names = get_day_names(width, context="stand-alone", locale=_locale())
    return [names[day] for day in range(7)]


def format_clock(value: datetime | time | None) -> str:
    """The local time of day, 24-hour: "10:00"."""
    if value is None:
        return ""
    value = _local(value)
    moment = value.time() if isinstance(value, datetime) else value
    return format_time(moment, TIME_PATTERN, locale=_locale())


def format_when(value: datetime | None, style: str = "weekday_date_year") -> str:
    """A local date and time: "fredag 4. december 2026, 10:00"."""
    if value is None:
        return ""
    return f"{format_day(value, style)}, {format_clock(value)}"


def format_time_range(start: datetime | None, end: datetime | None) -> str:
    """ "10:00-11:30"."""
    if start is None:
        return ""
    if end is None:
        return format_clock(start)
    return f"{format_clock(start)}{RANGE_DASH}{format_clock(end)}"


def format_when_range(
    start: datetime | None, end: datetime | None, style: str = "weekday_date_year"
) -> str:
    """A departure: "fredag 4. december 2026, 10:00-11:30". An end on another local day is
    written in full: "…, 22:00 - lørdag 5. december 2026, 02:00"."""
    if start is None:
        return ""
    if end is not None and _local(end).date() != _local(start).date():
        return f"{format_when(start, style)} {RANGE_DASH} {format_when(end, style)}"
    return f"{format_day(start, style)}, {format_time_range(start, end)}"


def weekday_choices() -> list[tuple[int, str]]:
    """The days of the week as (ISO number, name) for a form's choices, Monday (1) first,
    capitalised for a label: "Lørdag", "Saturday", "Samstag"."""
    return [(n, name[:1].upper() + name[1:]) for n, name in enumerate(weekday_names(), 1)]


def format_number(value: int | Decimal | float | None, decimals: int | None = None) -> str:
    """A number with the locale's separators: "1.500" (da, de), "1,500" (en)."""
    if value is None:
        return ""
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=_locale())
    return format_decimal(value, locale=_locale())


def format_price(amount: Decimal | int | None) -> str:
    """An amount in Danish kroner as the locale writes it: "1.500 kr." (da), "DKK 1,500"
    (en), "1.500 DKK" (de); øre only when there are some ("1.500,50 kr.")."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    locale = _locale()
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if amount == amount.to_integral_value():
        pattern = pattern.replace("#,##0.00", "#,##0")
    text = format_currency(amount, CURRENCY, format=pattern, locale=locale, currency_digits=False)
    symbol = locale.currency_symbols.get(CURRENCY, CURRENCY)
    # CLDR's currencySpacing: a symbol ending in a letter is set apart from the digits it
    # touches by a no-break space ("DKK 1,500", not "DKK1,500"); Babel leaves that out.
    if (
        symbol[-1:].isalpha()
        and text.startswith(symbol)
        and text[len(symbol) : len(symbol) + 1].isdigit()
    ):
        text = f"{symbol}\N{NO-BREAK SPACE}{text[len(symbol) :]}"
    return text
