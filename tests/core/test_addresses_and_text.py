"""E-mail addresses and stored text in every output (issue 13, findings 4, 5 and 10): an
internationalised domain is delivered (IDNA-encoded) to a real SMTP server without SMTPUTF8,
invisible characters and non-ASCII local parts are refused with a clear message, a newline in
a tour's or company's name no longer breaks the feeds, subjects are plain text, and names of
only invisible characters are refused."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from booking.models import Booking
from core.addresses import ascii_address, email_address_clean
from tests.booking.mailserver import Inbox, free_port, run_worker
from tests.factories import MembershipFactory, SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db

ZWSP = "\u200b"


@pytest.fixture
def plain_smtp(settings):
    """aiosmtpd without SMTPUTF8, as many relays are: an address must reach it in ASCII."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, enable_SMTPUTF8=False)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    controller.start()
    yield inbox
    controller.stop()


def _form(n: int = 1, **fields) -> dict:
    return {
        "name": "Anne Jensen",
        "email": "anne@example.dk",
        "party_size": 1,
        "language": "en",
        "submission_id": f"00000000-0000-4000-8000-{n:012d}",
        **fields,
    }


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("anne@exämple.dk", "anne@exämple.dk"),
        ("  Anne.Jensen+tur@Frugt.dk ", "Anne.Jensen+tur@Frugt.dk"),
        ("anne@xn--exmple-cua.dk", "anne@xn--exmple-cua.dk"),
    ],
)
def test_addresses_that_can_be_delivered_are_kept_as_typed(typed, kept):
    assert email_address_clean(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (f"anne@example.dk{ZWSP}", "invisible"),
        (f"an{ZWSP}ne@example.dk", "invisible"),
        ("anne@example.dk\u200e", "invisible"),  # a left-to-right mark
        ("\ufeffanne@example.dk", "invisible"),  # a byte-order mark
        ("jørgen@example.dk", "non_ascii_local"),
        ("anne@", "invalid"),
        ("anne@exa mple.dk", "invisible"),
        ("anne@-bad-.dk", "invalid"),
    ],
)
def test_addresses_that_cannot_be_delivered_are_refused(typed, code):
    with pytest.raises(ValidationError) as refused:
        email_address_clean(typed)
    assert refused.value.code == code


def test_the_send_form_of_an_idn_address_is_ascii():
    assert ascii_address("anne@exämple.dk") == "anne@xn--exmple-cua.dk"


@pytest.mark.django_db(transaction=True)
def test_a_booking_to_an_idn_domain_is_delivered_to_a_server_without_smtputf8(client, plain_smtp):
    slot = SlotFactory()
    response = client.post(f"/en/book/{slot.pk}/", _form(email="anne@exämple.dk"))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.email == "anne@exämple.dk"  # shown to the visitor as typed
    run_worker()
    recipients = [rcpt for _from, rcpt, _raw in plain_smtp.envelopes]
    assert ["anne@xn--exmple-cua.dk"] in recipients
    [confirmation] = plain_smtp.to("anne@xn--exmple-cua.dk")
    assert "anne@xn--exmple-cua.dk" in confirmation["To"]
    assert confirmation["Subject"].startswith("Booking confirmed")


@pytest.mark.django_db(transaction=True)
def test_control_the_same_server_receives_an_ascii_booking(client, plain_smtp):
    client.post(f"/en/book/{SlotFactory().pk}/", _form(email="anne@example.dk"))
    run_worker()
    assert len(plain_smtp.to("anne@example.dk")) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        (f"anne@example.dk{ZWSP}", "invisible character"),
        ("jørgen@example.dk", "before the @"),
    ],
)
def test_the_form_refuses_an_undeliverable_address_with_a_clear_message(client, email, message):
    slot = SlotFactory()
    response = client.post(f"/en/book/{slot.pk}/", _form(email=email))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_the_api_refuses_an_invisible_character_in_the_address(client):
    slot = SlotFactory()
    response = client.post(
        "/api/v1/bookings/",
        {"slot": slot.pk, "name": "Anne", "email": f"anne@example.dk{ZWSP}", "party_size": 1},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "invisible character" in response.json()["fields"]["email"][0]
    assert not Booking.objects.exists()


@pytest.mark.parametrize("name", [ZWSP * 3, "\u200d\u2060", " \u200e "])
def test_a_name_of_only_invisible_characters_is_refused(client, name):
    response = client.post(f"/en/book/{SlotFactory().pk}/", _form(name=name))
    assert response.status_code == 400
    assert "Please enter your name." in response.content.decode()
    assert not Booking.objects.exists()


# --- stored text in every output -------------------------------------------------------------


def _newline_tour():
    slot = SlotFactory(start=timezone.now() + timedelta(days=3))
    tour = slot.tour
    tour.title = "Æbler\nog pærer"
    tour.save()
    company = tour.company
    company.name = "Frugt\r\nGård"
    company.save()
    return slot


def test_feeds_answer_with_a_newline_in_a_tour_or_company_name(client):
    slot = _newline_tour()
    company = slot.tour.company
    for path in [
        "/calendar.ics",
        f"/companies/{company.slug}/calendar.ics",
        f"/tours/{slot.tour.pk}/calendar.ics",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        calendar = Calendar.from_ical(response.content)
        assert "\n" not in str(calendar["X-WR-CALNAME"])
        [event] = calendar.walk("VEVENT")
        assert "Æbler" in str(event["SUMMARY"])


def test_the_private_staff_feed_answers_with_a_newline_in_a_name(client):
    slot = _newline_tour()
    company = slot.tour.company
    response = client.get(f"/staff-calendar/{company.feed_token}.ics")
    assert response.status_code == 200
    Calendar.from_ical(response.content)


@pytest.mark.django_db(transaction=True)
def test_the_visitors_mail_survives_a_newline_and_its_subject_is_plain_text(client, plain_smtp):
    slot = SlotFactory()
    tour = slot.tour
    tour.title = "Kaffe & <b>kage</b> hos O'Brien\n i laden"
    tour.save()
    book(slot, email="anne@example.dk", language="en")
    run_worker()
    [confirmation] = plain_smtp.to("anne@example.dk")
    subject = confirmation["Subject"]
    assert "Kaffe & <b>kage</b> hos O'Brien i laden" in subject
    assert "&amp;" not in subject and "&lt;" not in subject and "&#x27;" not in subject


def test_staff_cannot_save_a_multiline_or_invisible_title(client):
    membership = MembershipFactory(role="owner")
    tour = TourFactory(company=membership.company)
    client.force_login(membership.user)
    url = f"/en/workspace/tours/{tour.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data = {k: v for k, v in data.items() if v not in (None, False)}
    for title, message in [
        ("Æbler\nog pærer", "Please write this on one line."),
        (ZWSP * 4, "Please enter some visible text."),
    ]:
        titles = {name: title for name in form.fields if name.startswith("title")}
        assert titles
        response = client.post(url, {**data, **titles})
        assert response.status_code in (200, 400)
        assert message in response.content.decode()
    tour.refresh_from_db()
    assert "\n" not in tour.title and tour.title.strip(ZWSP)
