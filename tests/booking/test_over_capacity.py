"""Asking for more places than are left (issue 12 point 12): one clear message with the places
left, and the waiting-list choice for the size asked in the same form, never a second form
with another size; a party that could never fit the departure is told so, not queued."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from booking import errors, waitlist
from booking.models import WaitlistEntry
from tests import factories

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    data = {
        "party_size": 2,
        "name": "Anne-Marie Østergaard",
        "email": "anne@example.com",
        "phone": "",
        "organisation": "",
        "language": "da",
        "note": "",
        "submission_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def _url(view: str, slot, lang: str) -> str:
    with translation.override(lang):
        return reverse(view, kwargs={"slot_id": slot.pk})


def _left(lang: str, count: int) -> str:
    with translation.override(lang):
        text = ngettext("Only %(count)d place is left.", "Only %(count)d places are left.", count)
    return text % {"count": count}


def _join_for(lang: str, count: int) -> str:
    with translation.override(lang):
        return ngettext(
            "Join the waiting list for %(count)d person",
            "Join the waiting list for %(count)d people",
            count,
        ) % {"count": count}


def _forms(html: str) -> list[str]:
    # The language switcher in the header and "Add to day plan" (under the booking form) are
    # forms of their own; the booking's forms are the others.
    return [
        f
        for f in re.findall(r"<form\b[^>]*>", html)
        if "setlang" not in f and "/day-plan/" not in f
    ]


def _size_value(html: str) -> str:
    return re.search(r'<input[^>]*name="party_size"[^>]*>', html)[0].split('value="')[1][:4]


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_thirty_on_twenty_five_left_offers_the_waiting_list_for_thirty(client, lang):
    slot = factories.SlotFactory(capacity=40)
    factories.book(slot, party_size=15)

    response = client.post(_url("booking:book", slot, lang), _form(party_size=30))

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(_left(lang, 25)) == 1
    with translation.override(lang):
        assert gettext("Choose between %(min)d and %(max)d people.")[:8] not in html
    # One form: what was typed is kept, with the size asked, and the second button.
    assert len([f for f in _forms(html) if 'method="post"' in f]) == 1
    assert _size_value(html).startswith("30")
    assert html.count(_join_for(lang, 30)) == 1
    assert f'formaction="{_url("booking:waitlist_join", slot, lang)}"' in html


def test_the_waiting_list_button_joins_with_the_size_asked(client):
    slot = factories.SlotFactory(capacity=40)
    factories.book(slot, party_size=15)
    data = _form(party_size=30, waitlist="1")

    response = client.post(_url("booking:waitlist_join", slot, "da"), data)

    assert response.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert (entry.party_size, entry.name) == (30, "Anne-Marie Østergaard")


@pytest.mark.parametrize("lang", ["da", "de"])
def test_thirty_on_a_twenty_five_place_departure_is_told_the_places_left(client, lang):
    slot = factories.SlotFactory(capacity=25)

    response = client.post(_url("booking:book", slot, lang), _form(party_size=30))

    html = response.content.decode()
    assert html.count(_left(lang, 25)) == 1
    # 30 can never fit 25 places: no waiting list to wait on for ever.
    assert _join_for(lang, 30) not in html
    assert len([f for f in _forms(html) if 'method="post"' in f]) == 1


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_five_thousand_is_told_the_places_left_not_the_largest_party(client, lang):
    slot = factories.SlotFactory(capacity=25)

    response = client.post(_url("booking:book", slot, lang), _form(party_size=5000))

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(_left(lang, 25)) == 1
    with translation.override(lang):
        between = gettext("Choose between %(min)d and %(max)d people.") % {"min": 1, "max": 500}
    assert between not in html


def test_control_a_party_within_the_limits_is_not_refused_by_the_form(client):
    slot = factories.SlotFactory(capacity=25)
    response = client.post(_url("booking:book", slot, "da"), _form(party_size=25))
    assert response.status_code == 302


def test_a_departure_full_at_load_shows_only_the_waiting_list_with_the_size_asked(client):
    slot = factories.SlotFactory(capacity=4)
    factories.book(slot, party_size=4)

    response = client.post(_url("booking:book", slot, "da"), _form(party_size=3))

    html = response.content.decode()
    assert len([f for f in _forms(html) if 'method="post"' in f]) == 1
    assert _size_value(html).startswith("3")
    with translation.override("da"):
        assert html.count(gettext("This departure is fully booked.")) == 1


def test_the_open_tour_size_input_has_no_browser_maximum(client):
    """The browser would refuse 30 in its own words, with no way to the waiting list."""
    slot = factories.SlotFactory(capacity=25)
    html = client.get(_url("booking:book", slot, "da")).content.decode()
    size_input = re.search(r'<input[^>]*name="party_size"[^>]*>', html)[0]
    assert 'min="1"' in size_input
    assert "max=" not in size_input


def test_waitlist_refuses_a_party_larger_than_the_departure():
    slot = factories.SlotFactory(capacity=4)
    factories.book(slot, party_size=4)
    with pytest.raises(errors.PartyLargerThanSlot):
        waitlist.waitlist_join(slot_id=slot.pk, visitor=factories.visitor(), party_size=5)
    assert not WaitlistEntry.objects.exists()
    # Control: a party that fits the departure waits.
    waitlist.waitlist_join(slot_id=slot.pk, visitor=factories.visitor(), party_size=4)
    assert WaitlistEntry.objects.count() == 1


@pytest.mark.parametrize("lang", ["da", "de"])
def test_waitlist_form_says_the_departure_s_size(client, lang):
    slot = factories.SlotFactory(capacity=4)
    factories.book(slot, party_size=4)

    response = client.post(_url("booking:waitlist_join", slot, lang), _form(party_size=9))

    with translation.override(lang):
        expected = errors.PartyLargerThanSlot(4).text
    assert expected in response.content.decode()
    assert not WaitlistEntry.objects.exists()
