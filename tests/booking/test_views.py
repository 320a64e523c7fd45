"""The visitor's booking form: POST, redirect, GET; errors in the visitor's language."""

import re
import uuid

import pytest
from django.core.validators import EmailValidator
from django.test import Client
from django.urls import reverse
from django.utils import translation

from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory

pytestmark = pytest.mark.django_db
DJANGO_EMAIL_ERROR = object()


def _form(**overrides) -> dict:
    data = {
        "party_size": 2,
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "phone": "+45 20 30 40 50",
        "organisation": "",
        "language": "da",
        "note": "",
        "submission_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def _book_url(slot, lang: str = "da") -> str:
    with translation.override(lang):
        return reverse("booking:book", args=[slot.pk])


def test_booking_form_posts_redirects_and_shows_the_reference(client):
    slot = SlotFactory(capacity=10)
    response = client.post(_book_url(slot), _form())
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert response["Location"] == booking.get_absolute_url()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert booking.display_reference in page.content.decode()
    slot.refresh_from_db()
    assert slot.booked == 2


def test_double_submit_makes_one_booking(client):
    slot = SlotFactory(capacity=10)
    data = _form()
    first = client.post(_book_url(slot), data)
    second = client.post(_book_url(slot), data)
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked == 2


def test_control_two_forms_are_two_bookings(client):
    slot = SlotFactory(capacity=10)
    client.post(_book_url(slot), _form())
    client.post(_book_url(slot), _form())
    assert Booking.objects.count() == 2


@pytest.mark.parametrize(
    ("lang", "overrides", "expected"),
    [
        ("en", {"email": "not-an-address"}, "Enter a valid email address."),
        ("da", {"email": "not-an-address"}, DJANGO_EMAIL_ERROR),
        ("de", {"email": "not-an-address"}, DJANGO_EMAIL_ERROR),
        # The places left, not the largest party (issue 12): 10 are left.
        ("en", {"party_size": 100000}, "Only 10 places are left."),
        ("da", {"party_size": 100000}, "Der er kun 10 pladser tilbage."),
        ("de", {"party_size": 100000}, "Es sind nur noch 10 Plätze frei."),
        ("en", {"party_size": 0}, "Choose between 1 and 500 people."),
        ("en", {"party_size": "many"}, "Enter a whole number."),
        ("en", {"name": ""}, "This field is required."),
    ],
)
def test_bad_input_is_explained_in_the_visitors_language_and_kept(
    client, lang, overrides, expected
):
    if expected is DJANGO_EMAIL_ERROR:  # Django's own catalogue says it; check it is not English
        with translation.override(lang):
            expected = str(EmailValidator.message)
        assert expected != "Enter a valid email address."
    slot = SlotFactory(capacity=10)
    data = _form(**{"name": "Jørgen <b>Müller</b>", **overrides})
    response = client.post(_book_url(slot, lang), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in html
    if data["name"]:
        assert 'value="Jørgen &lt;b&gt;Müller&lt;/b&gt;"' in html  # kept, and escaped
    assert "<b>Müller</b>" not in html
    assert not Booking.objects.exists()


def test_newline_in_name_is_refused_with_a_field_error(client):
    slot = SlotFactory(capacity=10)
    with translation.override("en"):
        response = client.post(_book_url(slot, "en"), _form(name="Anne\nBcc: x@example.com"))
    assert response.status_code == 400
    assert "Please write this on one line." in response.content.decode()
    assert not Booking.objects.exists()


def test_slot_filled_meanwhile_shows_places_left_and_keeps_the_data(client):
    slot = SlotFactory(capacity=3)
    page = client.get(_book_url(slot, "en"))
    submission = re.search(r'name="submission_id" value="([^"]+)"', page.content.decode())[1]
    client.post(_book_url(slot), _form(party_size=2))  # someone else takes 2 places
    response = client.post(
        _book_url(slot, "en"), _form(party_size=3, submission_id=submission, name="Late Visitor")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Only 1 place is left." in html
    assert 'value="Late Visitor"' in html
    assert Booking.objects.count() == 1


def test_group_visit_form_uses_the_groups_limits(client):
    slot = SlotFactory(tour=GroupTourFactory(min_group_size=10, max_group_size=40))
    response = client.post(_book_url(slot, "en"), _form(party_size=5, organisation="Skolen"))
    assert "Choose between 10 and 40 people." in response.content.decode()
    response = client.post(_book_url(slot), _form(party_size=25, organisation="Skolen"))
    assert response.status_code == 302


def test_unknown_or_unpublished_slot_is_404(client):
    assert client.get("/book/987654/").status_code == 404
    assert client.post("/book/987654/", _form()).status_code == 404
    hidden = SlotFactory(tour__published=False)
    assert client.get(_book_url(hidden)).status_code == 404


def test_full_slot_page_says_so_and_offers_the_waiting_list_not_the_booking_form(client):
    slot = SlotFactory(capacity=2)
    client.post(_book_url(slot), _form(party_size=2))
    html = client.get(_book_url(slot, "en")).content.decode()
    assert "Fully booked" in html
    assert f'action="{reverse("booking:waitlist_join", args=[slot.pk])}"' in html
    assert f'action="{_book_url(slot, "en")}"' not in html


def test_manage_page_with_wrong_token_reveals_nothing(client):
    slot = SlotFactory()
    client.post(_book_url(slot), _form())
    response = client.get(reverse("booking:manage", args=["not-the-token"]))
    assert response.status_code == 404
    assert "Anne" not in response.content.decode()


def test_csrf_is_enforced():
    slot = SlotFactory()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_book_url(slot), _form()).status_code == 403
    assert not Booking.objects.exists()
