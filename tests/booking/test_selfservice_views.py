"""The visitor's pages: booking page, changes, waiting list and lost link, through HTTP."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from booking import links, services, waitlist
from booking.models import WaitlistEntry
from tests.factories import GroupTourFactory, SlotFactory, book, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def url(name: str, **kwargs) -> str:
    """English URLs, so the assertions below hold whatever the translations say."""
    with translation.override("en"):
        return reverse(f"booking:{name}", kwargs=kwargs)


def form_data(**overrides) -> dict:
    data = {
        "party_size": 2,
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "phone": "",
        "organisation": "",
        "language": "en",
        "note": "",
        "submission_id": "0b7e3c7e-5d5b-4b8e-9b1a-1f0f3f0f3f0f",
    }
    data.update(overrides)
    return data


# --- tokens -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["manage", "waitlist"])
def test_wrong_token_is_a_plain_404(client, name):
    book(SlotFactory())
    response = client.get(url(name, token="not-a-real-token"))
    assert response.status_code == 404
    assert b"Anne" not in response.content


@pytest.mark.parametrize("token", ["abc%00def" * 4, "%F0%9F%92%A9" * 8, "a" * 65, "a"])
def test_malformed_tokens_are_404_not_500(client, token):
    with translation.override("en"):
        path = reverse("booking:manage", kwargs={"token": "T"}).replace("/T/", f"/{token}/")
    assert client.get(path).status_code == 404
    assert client.get(path.replace("/booking/", "/waitlist/")).status_code == 404


@pytest.mark.parametrize("name", ["cancel", "resize", "move", "waitlist_accept", "waitlist_leave"])
def test_actions_with_a_wrong_token_are_404(client, name):
    response = client.post(url(name, token="x" * 43), {"party_size": 1, "slot": 1})
    assert response.status_code == 404


def test_revoked_token_is_404_and_the_new_one_works(client):
    booking = book(SlotFactory())
    old = booking.token
    renewed = links.booking_token_renew(booking=booking)
    assert client.get(url("manage", token=old)).status_code == 404
    assert client.get(url("manage", token=renewed.token)).status_code == 200


# --- the booking page -------------------------------------------------------------------


def test_booking_page_shows_details_map_and_actions(client):
    slot = SlotFactory()
    booking = book(slot, party_size=3)
    response = client.get(url("manage", token=booking.token))
    html = response.content.decode()
    assert response.status_code == 200
    assert booking.display_reference in html
    assert "openstreetmap.org/?mlat=54.7764" in html
    assert url("cancel", token=booking.token) in html
    assert url("resize", token=booking.token) in html
    # The secret link is never sent to another site (the map) as a referrer.
    assert response["Referrer-Policy"] == "same-origin"


def test_booking_page_links_to_the_move_calendar_when_another_date_has_room(client):
    slot = SlotFactory(capacity=10)
    booking = book(slot, party_size=3)
    SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=2), capacity=2)
    html = client.get(url("manage", token=booking.token)).content.decode()
    assert url("move", token=booking.token) not in html  # only a departure too small
    assert "There is no other date of this tour with room for your party" in html
    SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    html = client.get(url("manage", token=booking.token)).content.decode()
    assert f'href="{url("move", token=booking.token)}"' in html


def test_after_the_deadline_the_page_says_whom_to_call(client):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot)
    html = client.get(url("manage", token=booking.token)).content.decode()
    assert 'data-testid="call-company"' in html
    assert slot.tour.company.phone in html
    assert url("cancel", token=booking.token) not in html


def test_cancel_from_the_link(client):
    slot = SlotFactory()
    booking = book(slot, party_size=2)
    response = client.post(url("cancel", token=booking.token), {"confirm": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert (booking.status, slot.booked) == ("cancelled", 0)


def test_cancel_asks_first(client):
    booking = book(SlotFactory())
    assert client.get(url("cancel", token=booking.token)).status_code == 200
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_cancel_after_the_deadline_is_refused_with_a_message(client):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot)
    response = client.post(url("cancel", token=booking.token), {"confirm": "yes"}, follow=True)
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert "call" in response.content.decode().lower()


def test_change_party_size_from_the_link(client):
    slot = SlotFactory(capacity=10)
    booking = book(slot, party_size=2)
    client.post(url("resize", token=booking.token), {"party_size": 5})
    booking.refresh_from_db()
    assert (booking.party_size, booking.sequence) == (5, 1)


@pytest.mark.parametrize("value", ["0", "11", "abc", ""])
def test_bad_party_size_changes_nothing(client, value):
    slot = SlotFactory(capacity=10)
    booking = book(slot, party_size=2)
    response = client.post(url("resize", token=booking.token), {"party_size": value})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.party_size == 2


def test_move_from_the_link(client):
    slot = SlotFactory()
    other = SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=1))
    booking = book(slot)
    client.post(url("move", token=booking.token), {"slot": other.pk, "confirm": "yes"})
    booking.refresh_from_db()
    assert booking.slot_id == other.pk


def test_move_to_a_slot_of_another_tour_changes_nothing(client):
    booking = book(SlotFactory())
    stranger = SlotFactory()
    response = client.post(
        url("move", token=booking.token), {"slot": stranger.pk, "confirm": "yes"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id != stranger.pk


# --- the waiting list through the forms --------------------------------------------------


def test_full_slot_offers_the_waiting_list(client):
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    html = client.get(url("book", slot_id=slot.pk)).content.decode()
    assert url("waitlist_join", slot_id=slot.pk) in html


def test_slot_with_room_offers_no_waiting_list(client):
    slot = SlotFactory(capacity=2)
    html = client.get(url("book", slot_id=slot.pk)).content.decode()
    assert url("waitlist_join", slot_id=slot.pk) not in html


def test_not_enough_places_offers_the_waiting_list(client):
    slot = SlotFactory(capacity=3)
    book(slot, party_size=2)
    slot.refresh_from_db()
    response = client.post(url("book", slot_id=slot.pk), form_data(party_size=1))
    assert response.status_code == 302  # control: one place still bookable
    response = client.post(
        url("book", slot_id=slot.pk),
        form_data(party_size=1, submission_id="1b7e3c7e-5d5b-4b8e-9b1a-1f0f3f0f3f0f"),
    )
    assert response.status_code == 400
    assert url("waitlist_join", slot_id=slot.pk) in response.content.decode()


def test_join_the_waiting_list_then_leave_it(client):
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    response = client.post(url("waitlist_join", slot_id=slot.pk), form_data(party_size=2))
    entry = WaitlistEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    page = client.get(url("waitlist", token=entry.token))
    assert page.status_code == 200
    client.post(url("waitlist_leave", token=entry.token))
    entry.refresh_from_db()
    assert entry.status == "left"


def test_join_with_bad_input_shows_the_form_again(client):
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    response = client.post(url("waitlist_join", slot_id=slot.pk), form_data(email="nope"))
    assert response.status_code == 400
    assert not WaitlistEntry.objects.exists()


def test_join_when_there_is_room_sends_back_to_booking(client):
    slot = SlotFactory(capacity=5)
    response = client.post(url("waitlist_join", slot_id=slot.pk), form_data())
    assert response.status_code == 302
    assert response["Location"].endswith(url("book", slot_id=slot.pk))
    assert not WaitlistEntry.objects.exists()


def test_group_slot_taken_offers_the_waiting_list(client):
    slot = SlotFactory(tour=GroupTourFactory())
    book(slot, party_size=20, organisation="Skolen")
    html = client.get(url("book", slot_id=slot.pk)).content.decode()
    assert url("waitlist_join", slot_id=slot.pk) in html


def test_accept_an_offer_from_the_link(client):
    slot = SlotFactory(capacity=2)
    first = book(slot, party_size=2)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(email="w@x.dk"), party_size=2)
    services.booking_cancel(booking=first)
    html = client.get(url("waitlist", token=entry.token)).content.decode()
    assert url("waitlist_accept", token=entry.token) in html
    response = client.post(url("waitlist_accept", token=entry.token))
    entry.refresh_from_db()
    assert entry.status == "accepted"
    assert response["Location"] == entry.booking.get_absolute_url()


# --- lost link ----------------------------------------------------------------------------


def _answer(client, **data) -> tuple[int, str]:
    response = client.post(url("lost_link"), data)
    # CSRF tokens and CSP nonces differ from one answer to the next.
    body = re.sub(r'(value|nonce)="[^"]*"', "", response.content.decode())
    return response.status_code, body


@pytest.mark.django_db(transaction=True)
def test_lost_link_answers_the_same_and_mails_only_the_owner(client):
    booking = book(SlotFactory(), email="owner@example.com", language="en")
    real = _answer(client, email="OWNER@example.com", reference=booking.display_reference.lower())
    fake = _answer(client, email="someone@example.com", reference=booking.display_reference)
    none = _answer(client, email="owner@example.com", reference="ZZZZ-ZZZZ")
    assert real[0] == 200
    assert real == fake == none
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    links = [m for m in mail.outbox if m.subject.startswith("Your booking link")]
    assert [m.to for m in links] == [["owner@example.com"]]
    assert booking.get_absolute_url() in links[0].body


def test_lost_link_is_rate_limited_politely(client):
    """3 an hour per e-mail address, 5 in 15 minutes per client (settings.RATE_LIMIT_DEFAULTS;
    more in tests/core/test_ratelimit.py)."""
    answers = [
        client.post(url("lost_link"), {"email": "a@example.com", "reference": "ABCD-EFGH"})
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200] * 3 + [429]
    others = [
        client.post(url("lost_link"), {"email": f"{n}@example.com", "reference": "ABCD-EFGH"})
        for n in range(2)
    ]
    assert [a.status_code for a in others] == [200, 429]  # the client's 5th and 6th request
    assert int(others[-1]["Retry-After"]) > 0


def test_lost_link_with_bad_input_is_400_not_500(client):
    response = client.post(url("lost_link"), {"email": "x", "reference": "a" * 500})
    assert response.status_code == 400


def test_admin_lists_the_waiting_list_and_offers_free_places(admin_client):
    slot = SlotFactory(capacity=2)
    book(slot, party_size=2)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(email="w@x.dk"), party_size=1)
    listing = admin_client.get(reverse("admin:booking_waitlistentry_changelist"))
    assert listing.status_code == 200
    assert entry.name in listing.content.decode()
    type(slot).objects.filter(pk=slot.pk).update(capacity=3)
    admin_client.post(
        reverse("admin:booking_waitlistentry_changelist"),
        {"action": "offer_free_places", "_selected_action": [entry.pk]},
    )
    entry.refresh_from_db()
    assert entry.status == "offered"


@pytest.mark.parametrize("count", [1, 50])
def test_booking_page_queries_do_not_grow_with_dates(client, django_assert_max_num_queries, count):
    slot = SlotFactory()
    booking = book(slot)
    for day in range(count):
        SlotFactory(tour=slot.tour, start=slot.start + timedelta(days=day + 1))
    with django_assert_max_num_queries(6):
        response = client.get(url("manage", token=booking.token))
    assert f'href="{url("move", token=booking.token)}"' in response.content.decode()


def test_slot_filled_while_typing_explains_and_offers_the_list(client):
    slot = SlotFactory(capacity=2)
    page = client.get(url("book", slot_id=slot.pk))
    assert url("waitlist_join", slot_id=slot.pk) not in page.content.decode()
    book(slot, party_size=2, email="quick@example.com")
    response = client.post(url("book", slot_id=slot.pk), form_data(party_size=1))
    html = response.content.decode()
    assert response.status_code == 400
    assert "fully booked" in html
    assert url("waitlist_join", slot_id=slot.pk) in html
