"""Smaller hardening (issue 13, finding 10): deeply nested JSON is a 400, personal pages are
never cached."""

import pytest

from booking import waitlist
from tests.factories import SlotFactory, book, visitor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_a_400_not_a_500(client, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 100_000 + "1" + closing * 100_000
    response = client.post("/api/v1/bookings/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_control_shallow_json_still_reaches_the_validation(client):
    response = client.post("/api/v1/bookings/", "[[1]]", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_visitors_own_pages_are_never_cached(client):
    slot = SlotFactory(capacity=1)
    booking = book(slot, party_size=1)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(), party_size=1)
    for url in [booking.get_absolute_url(), entry.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_control_a_public_page_may_be_cached(client):
    assert "no-store" not in client.get("/en/").get("Cache-Control", "")
