"""The audit of issue 12 point 1, kept as tests so a new form cannot bring the fault back:

- every form class of our apps gives its date, time, date-time and number fields a
  machine-format widget (core.forms), and
- every page the browser matrix visits, rendered in Danish and German with numbers grouped
  (1.500), carries only machine-format values in its date, time, datetime-local and number
  inputs, and no grouped number in any hidden or checkbox value (an id of 1.234 would be
  read back as 1).
"""

import importlib
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime, AdminTimeWidget
from django.test import Client

from core import forms as core_forms

APPS = ("core", "notify", "tours", "booking", "events", "catalogue", "workspace", "demo")
MODULES = ("forms", "admin", "views", "pattern_views", "token_views")

# The widget a field of each kind may have. Hidden inputs render str(value), never localised
# unless the field asks; the admin's own widgets are text inputs that read localised input.
ALLOWED = {
    forms.DateTimeField: (core_forms.IsoDateTimeInput, AdminSplitDateTime),
    forms.DateField: (core_forms.IsoDateInput, AdminDateWidget),
    forms.TimeField: (core_forms.IsoTimeInput, AdminTimeWidget),
    forms.IntegerField: (core_forms.PlainNumberInput,),
    forms.DecimalField: (core_forms.PlainNumberInput,),
    forms.FloatField: (core_forms.PlainNumberInput,),
}
ALWAYS_FINE = (forms.HiddenInput, forms.Select, forms.RadioSelect, forms.MultiWidget)


def _form_classes() -> list[type[forms.BaseForm]]:
    for app in APPS:
        for module in MODULES:
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.{module}":
                    raise
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS and hasattr(cls, "base_fields"):
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _wrong_widgets(cls: type[forms.BaseForm]) -> list[str]:
    wrong = []
    for name, field in cls.base_fields.items():
        if isinstance(field.widget, ALWAYS_FINE) or isinstance(field, forms.TypedChoiceField):
            continue
        for kind, widgets in ALLOWED.items():
            if isinstance(field, kind) and not isinstance(field.widget, widgets):
                wrong.append(f"{cls.__module__}.{cls.__qualname__}.{name}: {field.widget!r}")
                break
    return wrong


def test_the_walk_finds_the_product_s_forms():
    names = {c.__qualname__ for c in _form_classes()}
    assert {"StopForm", "PatternForm", "SlotForm", "BookingForm", "TourForm"} <= names


def test_every_date_time_and_number_field_has_a_machine_format_widget():
    wrong = [line for cls in _form_classes() for line in _wrong_widgets(cls)]
    assert wrong == []


def test_control_the_audit_sees_a_plain_django_date_widget():
    class Careless(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        count = forms.IntegerField()

    assert len(_wrong_widgets(Careless)) == 2


# --- the pages, rendered ------------------------------------------------------------------

ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2})?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
    "number": re.compile(r"^-?\d+(\.\d+)?$"),
}
GROUPED = re.compile(r"^\d{1,3}([.,\u00a0 ]\d{3})+$")


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def bad_values(html: str) -> list[str]:
    parser = _Inputs()
    parser.feed(html)
    bad = []
    for attrs in parser.inputs:
        kind, value = attrs.get("type", "text"), attrs.get("value")
        if value in (None, ""):
            continue
        wrong_format = kind in ISO and not ISO[kind].match(value)
        # "1.500" is a valid number to the browser (1.5): a grouped thousand read wrongly.
        grouped = kind in ("number", "hidden", "checkbox", "radio") and GROUPED.match(value)
        if wrong_format or grouped:
            bad.append(f'{attrs.get("name")} type={kind} value="{value}"')
    return bad


def test_control_bad_values_sees_localised_values():
    html = (
        '<input type="date" name="d" value="15.12.2026"><input type="time" value="9.30">'
        '<input type="number" name="n" value="1.500"><input type="hidden" name="i" value="1.234">'
        '<input type="date" value="2026-12-15"><input type="number" value="25">'
    )
    assert len(bad_values(html)) == 4


@pytest.fixture
def matrix_world(db, settings):
    from tests.browser.pages import build_world

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.USE_THOUSAND_SEPARATOR = True
    return build_world()


@pytest.mark.parametrize("lang", ["da", "de"])
def test_every_page_s_inputs_carry_machine_format_values(matrix_world, lang):
    from tests.browser.pages import PAGES

    clients: dict[str, Client] = {}
    found = {}
    for page in PAGES:
        if page.role not in clients:
            clients[page.role] = Client()
            if page.role in matrix_world.users:
                clients[page.role].force_login(matrix_world.users[page.role])
        response = clients[page.role].get(page.url(matrix_world, lang), follow=True)
        assert response.status_code == page.status, page.id
        bad = bad_values(response.content.decode())
        if bad:
            found[page.id] = bad
    assert found == {}
