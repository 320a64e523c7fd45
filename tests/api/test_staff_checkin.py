"""Check-in and no-shows through the staff API: read in the booking, written by the company's
own staff only (the coordinator, who may read every booking, gets 404 for these too)."""

from datetime import datetime

import pytest

from tests.api.conftest import assert_error_shape
from tests.api.test_staff_permissions import STAFF, client_for
from tests.workspace.test_checkin_views import book_today, today_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrival(world):
    return book_today(today_slot(world.tour_a), party_size=4)


def _url(booking, action: str = "") -> str:
    return f"{STAFF}/bookings/{booking.display_reference}/{action}"


def test_check_in_part_of_the_party_and_read_it_back(world, arrival):
    api = client_for(world.staff_a)
    response = api.post(_url(arrival, "check-in/"), {"arrived": 3}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["arrived"] == 3 and body["checked_in_at"] and body["no_show_at"] is None
    read = api.get(_url(arrival)).json()
    assert read["arrived"] == 3 and read["checked_in_at"] == body["checked_in_at"]
    listed = api.get(f"{STAFF}/slots/{arrival.slot_id}/bookings/").json()["results"]
    assert listed[0]["arrived"] == 3


def test_whole_party_when_no_number_is_given(world, arrival):
    response = client_for(world.staff_a).post(_url(arrival, "check-in/"), format="json")
    assert response.json()["arrived"] == 4


def test_double_check_in_is_a_409_that_says_when(world, arrival):
    api = client_for(world.staff_a)
    first = api.post(_url(arrival, "check-in/"), format="json").json()
    body = assert_error_shape(
        api.post(_url(arrival, "check-in/"), format="json"), 409, "already_checked_in"
    )
    arrival.refresh_from_db()
    assert arrival.arrived == 4
    assert datetime.fromisoformat(first["checked_in_at"]) == arrival.checked_in_at
    assert ":" in body["message"]  # "... at 10:02"


@pytest.mark.parametrize("arrived", [0, 5, "3", True])
def test_a_bad_count_is_a_400(world, arrival, arrived):
    response = client_for(world.staff_a).post(
        _url(arrival, "check-in/"), {"arrived": arrived}, format="json"
    )
    assert response.status_code == 400
    arrival.refresh_from_db()
    assert arrival.checked_in_at is None


def test_undo_and_no_show_too_early(world, arrival):
    api = client_for(world.staff_a)
    api.post(_url(arrival, "check-in/"), format="json")
    assert api.post(_url(arrival, "check-in/undo/")).json()["arrived"] is None
    assert_error_shape(api.post(_url(arrival, "no-show/")), 409, "no_show_too_early")
    assert_error_shape(api.post(_url(arrival, "no-show/undo/")), 409, "not_no_show")


@pytest.mark.parametrize("role", ["staff_b", "coordinator"])
def test_others_get_404_and_nothing_changes(world, arrival, role):
    api = client_for(getattr(world, role))
    for action in ("check-in/", "check-in/undo/", "no-show/", "no-show/undo/"):
        assert api.post(_url(arrival, action), format="json").status_code == 404
    arrival.refresh_from_db()
    assert arrival.checked_in_at is None and arrival.no_show_at is None


def test_anonymous_gets_401(world, arrival):
    from rest_framework.test import APIClient

    assert APIClient().post(_url(arrival, "check-in/"), format="json").status_code == 401
