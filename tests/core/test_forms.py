"""The machine-format widgets (core.forms): a date, time or number input's value is what the
browser accepts (HTML §2.3.5), whatever the page's language; the programme editor's stops
were the case that broke (15.12.2026 under da and de, shown as an empty field)."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

from core import forms as core_forms
from events.forms import StopForm

LANGS = ("da", "en", "de")


def _value(html: str) -> str:
    return html.split('value="', 1)[1].split('"', 1)[0]


@pytest.fixture(autouse=True)
def _grouping(settings):
    # The harshest case: numbers grouped in the page's language (1.500 in da and de).
    settings.USE_THOUSAND_SEPARATOR = True


@pytest.mark.parametrize("lang", LANGS)
def test_date_time_and_number_widgets_render_the_machine_format(lang):
    with translation.override(lang):
        assert _value(core_forms.IsoDateInput().render("d", date(2026, 12, 15))) == "2026-12-15"
        assert _value(core_forms.IsoTimeInput().render("t", time(9, 5))) == "09:05"
        moment = datetime(2026, 12, 15, 13, 30, tzinfo=ZoneInfo("UTC"))
        # Shown as the local wall-clock time (Copenhagen, UTC+1 in December).
        assert _value(core_forms.IsoDateTimeInput().render("dt", moment)) == "2026-12-15T14:30"
        number = core_forms.PlainNumberInput()
        number.is_localized = True  # as a field with localize=True would set it
        assert _value(number.render("n", 12500)) == "12500"
        assert _value(number.render("n", Decimal("1500.50"))) == "1500.50"
        assert _value(number.render("n", 9.5)) == "9.5"
        assert 'type="date"' in core_forms.IsoDateInput().render("d", None)


@pytest.mark.parametrize("lang", ["da", "de"])
def test_control_django_s_own_widgets_localise_the_value(lang):
    """The fault the widgets exist for: Django's DateInput and a localised NumberInput give
    the language's format, which an <input type="date"> or type="number" refuses."""
    with translation.override(lang):
        assert _value(forms.DateInput().render("d", date(2026, 12, 15))) == "15.12.2026"
        number = forms.NumberInput()
        number.is_localized = True
        assert _value(number.render("n", 12500)) == "12.500"


@pytest.mark.parametrize("lang", LANGS)
def test_programme_stop_renders_its_saved_day_and_times_for_the_browser(lang):
    form = StopForm(
        initial={"day": date(2026, 12, 15), "start_time": time(10), "end_time": time(11, 30)}
    )
    with translation.override(lang):
        assert _value(str(form["day"])) == "2026-12-15"
        assert _value(str(form["start_time"])) == "10:00"
        assert _value(str(form["end_time"])) == "11:30"


@pytest.mark.parametrize("lang", LANGS)
def test_programme_stop_reads_what_the_browser_sends(lang):
    data = {"day": "2026-12-15", "start_time": "10:00", "end_time": "11:30"}
    with translation.override(lang):
        form = StopForm(data)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 12, 15)
    assert form.cleaned_data["start_time"] == time(10)
