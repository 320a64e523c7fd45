"""The parsers of what people type (core.parsing) and the fields built on them (core.forms):
clock times, durations as a number and a unit, map positions from links or as written."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core import forms as core_forms
from core.parsing import parse_position, parse_time

# --- clock times ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10", time(10)),
        ("9", time(9)),
        ("10:00", time(10)),
        ("1000", time(10)),
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("14.30", time(14, 30)),
        ("14:30", time(14, 30)),
        ("14:30:00", time(14, 30)),
        (" kl. 10 ", time(10)),
        ("kl 14.30", time(14, 30)),
        ("10 Uhr", time(10)),
        ("14h30", time(14, 30)),
        ("2 pm", time(14)),
        ("2:30pm", time(14, 30)),
        ("12 am", time(0)),
        ("0", time(0)),
        ("23.59", time(23, 59)),
    ],
)
def test_times_as_people_write_them(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["24", "24:00", "10:60", "2500", "13 pm", "ti", "10-12", "", "1"])
def test_what_is_not_a_time_is_refused(typed):
    if typed == "1":  # a single digit is an hour
        assert parse_time(typed) == time(1)
        return
    with translation.override("en"), pytest.raises(ValueError, match="not a time"):
        parse_time(typed)


def test_hours_dot_minutes_never_a_fraction():
    """9.5 could be 09:05 or half past nine: it is refused with the two-digit forms."""
    with translation.override("en"), pytest.raises(ValueError, match="two digits") as refused:
        parse_time("9.5")
    assert "9.05" in str(refused.value) and "9.50" in str(refused.value)


@pytest.mark.parametrize("lang", ["da", "de"])
def test_time_errors_are_in_the_user_s_language(lang):
    with translation.override("en"), pytest.raises(ValueError) as english:
        parse_time("ti")
    with translation.override(lang), pytest.raises(ValueError) as local:
        parse_time("ti")
    assert str(local.value) != str(english.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10, 14", [time(10), time(14)]),
        ("10:00 14:00", [time(10), time(14)]),
        ("14.30; 10", [time(10), time(14, 30)]),
        ("10 og 14.30", [time(10), time(14, 30)]),
        ("10 und 14 Uhr", [time(10), time(14)]),
        ("kl. 10, kl. 10", [time(10)]),
    ],
)
def test_times_field_reads_a_list(typed, expected):
    assert core_forms.TimesField().clean(typed) == expected


def test_times_field_names_the_bad_one():
    with translation.override("en"), pytest.raises(forms.ValidationError) as refused:
        core_forms.TimesField().clean("10, 25:00")
    assert "25:00" in refused.value.messages[0]


# --- durations --------------------------------------------------------------------------


def test_duration_as_a_number_and_a_unit():
    field = core_forms.DurationField(max_minutes=60 * 24 * 60)
    assert field.clean(["2", "days"]) == timedelta(days=2)
    assert field.clean(["3", "hours"]) == timedelta(hours=3)
    assert field.clean(["90", "minutes"]) == timedelta(minutes=90)
    assert field.clean(["0", "hours"]) == timedelta(0)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(2880, [2, "days"]), (120, [2, "hours"]), (90, [90, "minutes"]), (0, [0, "days"])],
)
def test_a_stored_duration_is_shown_in_its_largest_exact_unit(minutes, shown):
    widget = core_forms.DurationWidget(("minutes", "hours", "days"))
    assert widget.decompress(timedelta(minutes=minutes)) == shown


def test_duration_out_of_range_says_the_bounds_in_words():
    field = core_forms.DurationField(
        units=("minutes", "hours"), min_minutes=15, max_minutes=24 * 60
    )
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(["25", "hours"])
        assert refused.value.messages == ["Choose between 15 minutes and 24 hours."]
    with translation.override("da"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(["25", "hours"])
        assert refused.value.messages == ["Vælg mellem 15 minutter og 24 timer."]
    with pytest.raises(forms.ValidationError):
        field.clean(["abc", "hours"])
    with pytest.raises(forms.ValidationError):
        field.clean(["2", "weeks"])


def test_duration_renders_number_and_unit_for_the_browser():
    html = core_forms.DurationWidget(("minutes", "hours", "days")).render(
        "cutoff", timedelta(days=2), {"id": "id_cutoff"}
    )
    assert 'type="number"' in html and 'value="2"' in html
    assert '<option value="days" selected>' in html
    assert 'id="id_cutoff_0"' in html


# --- closures ---------------------------------------------------------------------------


def test_closures_are_rows_of_dates():
    field = core_forms.DateRangesField()
    widget = field.widget
    data = {
        "c-0-from": "2026-12-24",
        "c-0-to": "2026-12-26",
        "c-1-from": "2027-07-20",
        "c-1-to": "",
        "c-2-from": "",
        "c-2-to": "",
    }
    rows = widget.value_from_datadict(data, {}, "c")
    assert field.clean(rows) == [
        (date(2026, 12, 24), date(2026, 12, 26)),
        (date(2027, 7, 20), date(2027, 7, 20)),
    ]


def test_a_closure_ending_before_it_starts_names_its_row():
    field = core_forms.DateRangesField()
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean([("2026-12-24", "2026-12-26"), ("2026-12-26", "2026-12-24")])
        assert refused.value.messages == ["Row 2: the last day is before the first."]


def test_closures_render_the_saved_rows_and_two_empty_ones_as_date_inputs():
    field = core_forms.DateRangesField()
    value = field.prepare_value([(date(2026, 12, 24), date(2026, 12, 26))])
    html = field.widget.render("closures", value, {"id": "id_closures"})
    assert html.count('type="date"') == 6
    assert 'name="closures-0-from" value="2026-12-24"' in html.replace(
        ' id="id_closures_0_from"', ""
    )


# --- map positions ----------------------------------------------------------------------

MARIBO = (Decimal("54.77640"), Decimal("11.50120"))


@pytest.mark.parametrize(
    "typed",
    [
        "https://www.openstreetmap.org/#map=16/54.77640/11.50120",
        "https://www.openstreetmap.org/?mlat=54.7764&mlon=11.5012#map=17/54.77/11.50",
        "openstreetmap.org/#map=19/54.77640/11.50120&layers=N",
        "https://www.google.com/maps/@54.7764,11.5012,15z",
        "https://www.google.com/maps/place/Maribo/@54.7,11.4,12z/data=!4m6!3m5!1s0x0:0x0!8m2!3d54.7764!4d11.5012",
        "https://maps.google.com/?q=54.7764,11.5012",
        "https://www.google.dk/maps?ll=54.7764,11.5012&z=14",
        "https://www.google.com/maps/search/?api=1&query=54.7764%2C11.5012",
        "54.7764, 11.5012",
        "54.7764,11.5012",
        "54.7764 11.5012",
        "54,7764 11,5012",
        "54,7764; 11,5012",
        "54.7764° N, 11.5012° E",
        "54.7764N 11.5012Ø",
        "11.5012, 54.7764",  # longitude first: the ranges do not overlap
    ],
)
def test_positions_from_links_and_as_written(typed):
    assert parse_position(typed) == MARIBO


def test_bornholm_is_in_denmark():
    assert parse_position("55.1037, 14.7065") == (Decimal("55.10370"), Decimal("14.70650"))


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("52.52, 13.40", "not in Denmark"),  # Berlin
        ("54,77,11,50", "could not read"),  # commas both ways: ambiguous
        ("54,77, 11,50", "could not read"),
        ("Maribo", "could not read"),
        ("https://www.openstreetmap.org/", "could not read"),
        ("https://maps.app.goo.gl/AbCdEf123", "short link"),
        ("", "Paste a map link"),
    ],
)
def test_what_is_not_a_danish_position_is_refused_clearly(typed, why):
    with translation.override("en"), pytest.raises(ValueError, match=why):
        parse_position(typed)


@pytest.mark.parametrize("lang", ["da", "de"])
def test_position_errors_are_in_the_user_s_language(lang):
    with translation.override(lang), pytest.raises(ValueError) as refused:
        parse_position("52.52, 13.40")
    with translation.override("en"), pytest.raises(ValueError) as english:
        parse_position("52.52, 13.40")
    assert str(refused.value) != str(english.value)
    assert "52.52000, 13.40000" in str(refused.value)


def test_position_field_shows_the_stored_position_and_cleans_to_a_pair():
    field = core_forms.PositionField()
    assert field.prepare_value(MARIBO) == "54.77640, 11.50120"
    assert field.clean("54.7764, 11.5012") == MARIBO
