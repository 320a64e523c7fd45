# ruff: noqa: RUF001, RUF002 (the multiplication sign of "3 x 75 kr." is meant)
"""The party's total ("3 × 75 kr. = 225 kr.") on the confirmation (the path without
JavaScript), the visitor's page, the booking form, the waiting list, every mail (text and
HTML) and the calendar entry's DESCRIPTION, in the visitor's language; right after a change
of party size, and unchanged by a later change of the tour's price."""

import json
import re
import uuid
from decimal import Decimal

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from booking import services, waitlist
from booking.models import Booking
from tests.booking.mailserver import run_worker
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book, visitor

NBSP = "\N{NO-BREAK SPACE}"
TOTALS = {
    "da": f"3 × 75{NBSP}kr. = 225{NBSP}kr.",
    "en": f"3 × DKK{NBSP}75 = DKK{NBSP}225",
    "de": f"3 × 75{NBSP}DKK = 225{NBSP}DKK",
}
LANGS = ["da", "en", "de"]


def _html(response) -> str:
    return response.content.decode()


def _url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def _form(**overrides) -> dict:
    return {
        "party_size": 3,
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "phone": "",
        "organisation": "",
        "language": "da",
        "note": "",
        "submission_id": str(uuid.uuid4()),
        **overrides,
    }


def _testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(dd|p|div)>', html, re.S)
    assert match, f"no {testid}"
    return re.sub(r"<[^>]+>", "", match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_confirmation_shows_the_total_without_any_script(client, lang):
    """The form is posted as a browser without JavaScript would: the page it leads to (the
    confirmation) gives the total for the party typed."""
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    response = client.post(
        _url("booking:book", lang, slot_id=slot.pk), _form(language=lang), follow=True
    )
    html = _html(response)
    assert response.status_code == 200
    assert "booking-heading" in html and "autofocus" in html  # the confirmation itself
    assert TOTALS[lang] in _testid(html, "total")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_booking_form_carries_the_price_and_each_sizes_total(client, lang):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    html = _html(client.get(_url("booking:book", lang, slot_id=slot.pk)))
    table = re.search(r'<script id="totals-\d+" type="application/json">(.*?)</script>', html)
    totals = json.loads(table.group(1))
    assert totals["3"] == TOTALS[lang]
    assert 'aria-live="polite"' in html
    assert "js/total.js" in html and "nonce=" in html.split("js/total.js")[1][:60]
    # Without the script the price and a note are shown; the live line waits hidden.
    assert "data-total-live hidden" in html and "data-total-nojs" in html


@pytest.mark.django_db
def test_group_and_free_tours_show_their_price_on_the_form(client):
    group = SlotFactory(tour=GroupTourFactory(price=Decimal("1500")))
    free = SlotFactory(tour=TourFactory(price=Decimal("0")))
    with translation.override("da"):
        group_html = _html(client.get(reverse("booking:book", args=[group.pk])))
        free_html = _html(client.get(reverse("booking:book", args=[free.pk])))
    assert f"1.500{NBSP}kr. pr. gruppe" in _testid(group_html, "form-price")
    assert "Gratis" in _testid(free_html, "form-price")
    assert "data-live-total" not in group_html + free_html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_visitors_page_follows_a_change_of_party_size(client, lang):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    booking = book(slot, party_size=2, language=lang)
    client.post(_url("booking:resize", lang, token=booking.token), {"party_size": 3})
    html = _html(client.get(_url("booking:manage", lang, token=booking.token)))
    assert TOTALS[lang] in _testid(html, "total")


@pytest.mark.django_db
def test_a_later_price_change_does_not_change_a_confirmed_total(client):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    booking = book(slot, party_size=3)
    slot.tour.price = Decimal("90")
    slot.tour.save()
    with translation.override("da"):
        html = _html(client.get(booking.get_absolute_url()))
    assert TOTALS["da"] in _testid(html, "total")
    assert f"75{NBSP}kr. pr. person" in _testid(html, "facts-price")
    # A new booking pays the new price.
    assert book(slot, party_size=3, email="b@example.com").total == Decimal("270.00")


@pytest.mark.django_db
def test_group_and_free_totals_on_the_visitors_page(client):
    group = book(SlotFactory(tour=GroupTourFactory(price=Decimal("1500"))), party_size=12)
    free = book(SlotFactory(tour=TourFactory(price=Decimal("0"))), party_size=4)
    with translation.override("da"):
        assert f"1.500{NBSP}kr. pr. gruppe" in _testid(
            _html(client.get(group.get_absolute_url())), "total"
        )
        assert "Gratis" in _testid(_html(client.get(free.get_absolute_url())), "total")


@pytest.mark.django_db
def test_the_waiting_list_page_shows_the_total_for_the_party(client):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=4)
    book(slot, party_size=4)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(language="en"), party_size=3)
    html = _html(client.get(_url("booking:waitlist", "en", token=entry.token)))
    assert TOTALS["en"] in _testid(html, "total")


def _part(message, kind: str):
    (part,) = [p for p in message.walk() if p.get_content_type() == kind]
    return part


def _description(message) -> str:
    cal = icalendar.Calendar.from_ical(_part(message, "text/calendar").get_payload(decode=True))
    (event,) = cal.walk("VEVENT")
    return str(event["DESCRIPTION"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("da", f"I alt: {TOTALS['da']}, betales ved ankomst"),
        ("en", f"Total: {TOTALS['en']}, paid on arrival"),
        ("de", f"Gesamt: {TOTALS['de']}, zahlbar bei Ankunft"),
    ],
)
def test_the_mails_and_the_calendar_entry_carry_the_total(smtp, lang, line):
    slot = SlotFactory(tour=TourFactory(price=Decimal("75")), capacity=10)
    booking = book(slot, party_size=2, email="gast@example.org", language=lang)
    run_worker()
    services.booking_change(booking=booking, party_size=3, by_visitor=True)
    run_worker()
    confirmed, changed = smtp.inbox.to("gast@example.org")
    two = TOTALS[lang].replace("3 ×", "2 ×").replace("225", "150")
    assert line.replace(TOTALS[lang], two) in _part(confirmed, "text/plain").get_content()
    assert two in _part(confirmed, "text/html").get_content()
    assert line.replace(TOTALS[lang], two) in _description(confirmed)
    assert line in _part(changed, "text/plain").get_content()
    assert TOTALS[lang] in _part(changed, "text/html").get_content()
    assert line in _description(changed)
    # The company's notices (Danish) give the total it will collect.
    notices = smtp.inbox.to(slot.tour.company.email)
    assert all(
        re.search(r"I alt: \d × 75\xa0kr\.", _part(n, "text/plain").get_content()) for n in notices
    )


@pytest.mark.django_db
def test_the_calendar_download_describes_the_total(client):
    booking = book(SlotFactory(tour=TourFactory(price=Decimal("75"))), party_size=3)
    response = client.get(reverse("booking:calendar", args=[booking.token]))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert f"I alt: {TOTALS['da']}, betales ved ankomst" in str(event["DESCRIPTION"])


@pytest.mark.django_db
def test_a_free_tours_calendar_entry_says_free(client):
    booking = book(SlotFactory(tour=TourFactory(price=Decimal("0"))), party_size=3)
    response = client.get(reverse("booking:calendar", args=[booking.token]))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "Pris: Gratis" in str(event["DESCRIPTION"])
    assert Booking.objects.get().total == 0
