"""Dates, times, numbers and prices as each language writes them (core.formats and its
template filters). The issue's defects: English "Friday 4. December", a Danish weekday
capitalised mid-sentence, English month abbreviations in the Danish workspace, prices
without thousands separators."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formats

NBSP = "\N{NO-BREAK SPACE}"
UTC = ZoneInfo("UTC")
# Friday 4 December 2026, 10:00-11:30 in Copenhagen (UTC+1 in winter).
START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
END = datetime(2026, 12, 4, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "fredag 4. december"),
        ("en", "Friday 4 December"),
        ("de", "Freitag, 4. Dezember"),
    ],
)
def test_weekday_date_per_language(language, expected):
    with translation.override(language):
        assert formats.format_day(START) == expected


def test_danish_weekday_is_lower_case_mid_sentence_and_capitalised_at_the_start():
    template = Template(
        "{% load local_format %}indtil {{ d|weekday_date }} / {{ d|weekday_date|capfirst }}"
    )
    with translation.override("da"):
        assert template.render(Context({"d": START})) == (
            "indtil fredag 4. december / Fredag 4. december"
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "ons. 2. dec."), ("en", "Wed 2 Dec"), ("de", "Mi., 2. Dez.")],
)
def test_short_dates_use_the_languages_own_abbreviations(language, expected):
    with translation.override(language):
        assert formats.format_day(date(2026, 12, 2), "short_date") == expected


def test_danish_month_abbreviations_in_the_danish_workspace_style():
    with translation.override("da"):
        months = [formats.format_day(date(2026, m, 1), "short_date") for m in (1, 5, 10, 12)]
    assert months == ["tors. 1. jan.", "fre. 1. maj", "tors. 1. okt.", "tirs. 1. dec."]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "fredag 4. december 2026, 10:00\u201311:30"),
        ("en", "Friday 4 December 2026, 10:00\u201311:30"),
        ("de", "Freitag, 4. Dezember 2026, 10:00\u201311:30"),
    ],
)
def test_a_departure_in_copenhagen_time(language, expected):
    with translation.override(language):
        assert formats.format_when_range(START, END) == expected


def test_a_range_over_midnight_names_both_days():
    late = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)
    with translation.override("en"):
        assert formats.format_when_range(late, late.replace(day=5, hour=1)) == (
            "Friday 4 December 2026, 22:00 \u2013 Saturday 5 December 2026, 02:00"
        )


def test_summer_time_shows_the_local_hour():
    """29 March 2026 is the day the clocks go forward: 08:00 UTC is 10:00 in Copenhagen."""
    with translation.override("da"):
        assert formats.format_clock(datetime(2026, 3, 29, 8, 0, tzinfo=UTC)) == "10:00"
        assert formats.format_clock(time(14, 30)) == "14:30"


@pytest.mark.parametrize(
    ("language", "whole", "with_oere"),
    [
        ("da", f"1.500{NBSP}kr.", f"1.500,50{NBSP}kr."),
        ("en", f"DKK{NBSP}1,500", f"DKK{NBSP}1,500.50"),
        ("de", f"1.500{NBSP}DKK", f"1.500,50{NBSP}DKK"),
    ],
)
def test_prices_have_thousands_separators_and_oere_only_when_there_are_some(
    language, whole, with_oere
):
    with translation.override(language):
        assert formats.format_price(Decimal("1500.00")) == whole
        assert formats.format_price(Decimal("1500.50")) == with_oere
        assert formats.format_price(Decimal("75")) == whole.replace("1.500", "75").replace(
            "1,500", "75"
        )


def test_numbers_per_language():
    with translation.override("da"):
        assert formats.format_number(12345) == "12.345"
        assert formats.format_number(Decimal("12.4"), 0) == "12"
    with translation.override("en"):
        assert formats.format_number(12345) == "12,345"


def test_filters_render_empty_for_missing_values():
    template = Template("{% load local_format %}[{{ x|when }}{{ x|price }}{{ x|clock }}]")
    assert template.render(Context({"x": None})) == "[]"


def test_an_unknown_language_falls_back_to_danish():
    with translation.override("sv"):
        assert formats.format_day(START) == "fredag 4. december"


@pytest.mark.parametrize(("language", "expected"), [("da", "dec."), ("en", "Dec"), ("de", "Dez.")])
def test_month_abbreviations_for_chart_labels(language, expected):
    with translation.override(language):
        assert formats.format_day(date(2026, 12, 1), "month_short") == expected


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("month_year", ["december 2026", "December 2026", "Dezember 2026"]),
        ("month_short_year", ["dec. 2026", "Dec 2026", "Dez. 2026"]),
        ("day_month_short", ["4. dec.", "4 Dec", "4. Dez."]),
    ],
)
def test_month_styles_of_the_workspace_figures(style, expected):
    shown = []
    for language in ("da", "en", "de"):
        with translation.override(language):
            shown.append(formats.format_day(START, style))
    assert shown == expected
