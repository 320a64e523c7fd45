"""The contact fields every visitor form shares (booking.forms.VisitorContactForm): the booking
form, its waiting-list and phone forms, and the day plan's form ask the party size first, then
the same contact fields in the same order, each in its own words, and clean to one
VisitorData."""

import pytest
from crispy_forms.utils import render_crispy_form
from django.utils import translation

from booking.forms import BookingForm, VisitorContactForm, WaitlistForm
from core.contact import VisitorData
from dayplan.forms import PlanBookingForm
from tests.factories import SlotFactory
from workspace.forms import PhoneBookingForm

pytestmark = pytest.mark.django_db

CONTACT = ["name", "email", "phone", "organisation", "language", "note"]
TYPED = {
    "party_size": "3",
    "name": "Jørgen Müller",
    "email": "jm@example.com",
    "phone": "+45 12 34 56 78",
    "organisation": "Skolen",
    "language": "de",
    "note": "Vi kommer på cykel.",
    "submission_id": "7b0c4a52-94c4-4b8e-9a1e-0e6c1c1e5f11",
    "visits": "4,7",
}
VISITOR = VisitorData(
    name="Jørgen Müller",
    email="jm@example.com",
    phone="+45 12 34 56 78",
    organisation="Skolen",
    language="de",
    note="Vi kommer på cykel.",
)


def _names_in_page_order(form) -> list[str]:
    html = render_crispy_form(form)
    return sorted(form.fields, key=lambda name: html.index(f'name="{name}"'))


@pytest.mark.parametrize("form_class", [BookingForm, WaitlistForm, PhoneBookingForm])
def test_the_booking_forms_ask_the_party_then_the_contact_fields(form_class):
    form = form_class(TYPED, slot=SlotFactory())

    assert list(form.fields) == ["party_size", *CONTACT, "submission_id"]
    assert _names_in_page_order(form) == list(form.fields)
    assert form.is_valid(), form.errors
    assert form.visitor() == VISITOR


def test_the_day_plan_form_asks_the_same_in_its_own_words():
    with translation.override("en"):
        form = PlanBookingForm(TYPED, visits=[4, 7], party_size=3)
        booking_form = BookingForm(slot=SlotFactory())

        assert list(form.fields) == ["party_size", *CONTACT, "visits", "submission_id"]
        assert _names_in_page_order(form) == list(form.fields)
        assert form.fields["email"].help_text == (
            "We send one confirmation with every visit and its calendar entry here."
        )
        assert form.fields["phone"].help_text == "So the companies can reach you on the day."
        assert form.fields["note"].label == "Message to the companies"
        # Its words are its own: the booking form's stay as they were.
        assert booking_form.fields["note"].label == "Message to the company"
        assert form.is_valid(), form.errors
        assert form.visitor() == VISITOR
        assert form.cleaned_data["visits"] == [4, 7]


def test_the_contact_fields_carry_the_browser_hints_and_the_page_language():
    with translation.override("de"):
        form = VisitorContactForm()

    assert list(form.fields) == CONTACT
    assert form.fields["language"].initial == "de"
    assert form.fields["name"].widget.attrs["autocomplete"] == "name"
    assert form.fields["email"].widget.attrs["autocomplete"] == "email"
    assert form.fields["phone"].widget.attrs == {
        "maxlength": "30",
        "autocomplete": "tel",
        "inputmode": "tel",
    }
