"""The permission matrix of the staff API: every staff endpoint x (owner of A, staff of A,
staff of B, coordinator, anonymous), on company A's objects, as in
tests/workspace/test_permissions.py for the pages.

Members of A and coordinators get the answer (or the action); staff of B get 404 for A's
objects (400 when they name A's tour or company in a body) and nothing changes; anonymous
requests get 401 in the one error shape, and nothing changes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from booking import slot_services
from booking.models import Booking
from tests import factories
from tests.api.conftest import assert_error_shape
from tests.workspace.conftest import World
from tours.models import Slot, Tour
from workspace.models import ApiKey
from workspace.services import api_token_regenerate

ROLES = ["owner_a", "staff_a", "staff_b", "coordinator", "anonymous"]
STAFF = "/api/v1/staff"


def _new_tour(w: World) -> dict:
    return {
        "company": w.company_a.slug,
        "kind": "open",
        "title": "Ny rundvisning",
        "meeting_point": "Gårdbutikken",
        "languages": ["da", "en"],
        "duration_minutes": 60,
    }


def _new_slot(w: World) -> dict:
    start = (timezone.now() + timedelta(days=9)).replace(microsecond=0)
    return {"tour": w.tour_a.pk, "start": start.isoformat(), "capacity": 8}


def _closed(w: World) -> None:
    """Reopening needs a closed slot to change anything."""
    slot_services.slot_close(slot_id=w.slot_a.pk)


# (method, path from the world, body from the world, status for a member of A,
#  status for staff of B)
ENDPOINTS = [
    ("GET", lambda w: "/tours/", None, 200, 200),
    ("POST", lambda w: "/tours/", _new_tour, 201, 400),
    ("GET", lambda w: f"/tours/{w.tour_a.pk}/", None, 200, 404),
    ("PATCH", lambda w: f"/tours/{w.tour_a.pk}/", lambda w: {"title": "Omdøbt"}, 200, 404),
    ("GET", lambda w: "/slots/", None, 200, 200),
    ("POST", lambda w: "/slots/", _new_slot, 201, 400),
    ("GET", lambda w: f"/slots/{w.slot_a.pk}/", None, 200, 404),
    ("PATCH", lambda w: f"/slots/{w.slot_a.pk}/", lambda w: {"capacity": 12}, 200, 404),
    ("POST", lambda w: f"/slots/{w.slot_a.pk}/close/", None, 200, 404),
    ("POST", lambda w: f"/slots/{w.slot_a.pk}/reopen/", lambda w: _closed(w), 200, 404),
    ("POST", lambda w: f"/slots/{w.slot_a.pk}/cancel/", None, 200, 404),
    ("GET", lambda w: f"/slots/{w.slot_a.pk}/bookings/", None, 200, 404),
    ("GET", lambda w: f"/bookings/{w.booking_a.reference}/", None, 200, 404),
    ("POST", lambda w: f"/bookings/{w.booking_a.reference}/cancel/", None, 200, 404),
]


def _state(w: World) -> tuple:
    """Everything a request on A's objects could change."""
    tour = Tour.objects.get(pk=w.tour_a.pk)
    slot = Slot.objects.get(pk=w.slot_a.pk)
    return (
        tour.title,
        Tour.objects.count(),
        slot.capacity,
        slot.status,
        slot.booked,
        Slot.objects.count(),
        Booking.objects.get(pk=w.booking_a.pk).status,
    )


_KEYS: dict[int, str] = {}


def _key_for(user) -> str:
    """The user's API key, made once per test (the database keeps only its digest)."""
    if user.pk not in _KEYS or not ApiKey.objects.filter(user=user).exists():
        _KEYS[user.pk] = api_token_regenerate(user=user)
    return _KEYS[user.pk]


def client_for(user) -> APIClient:
    api = APIClient()
    if user is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Token {_key_for(user)}")
    return api


def _send(api: APIClient, method: str, path: str, body: dict | None):
    return getattr(api, method.lower())(f"{STAFF}{path}", body, format="json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "member_status", "other_status"),
    ENDPOINTS,
    ids=[
        "list-tours",
        "create-tour",
        "get-tour",
        "update-tour",
        "list-slots",
        "create-slot",
        "get-slot",
        "slot-capacity",
        "slot-close",
        "slot-reopen",
        "slot-cancel",
        "slot-bookings",
        "get-booking",
        "booking-cancel",
    ],
)
def test_staff_endpoints(world, role, method, path, body, member_status, other_status):
    user = None if role == "anonymous" else getattr(world, role)
    api = client_for(user)
    data = body(world) if body else None
    before = _state(world)
    response = _send(api, method, path(world), data)
    if role == "anonymous":
        assert_error_shape(response, 401, "not_authenticated")
        assert response["WWW-Authenticate"] == "Token"
        assert _state(world) == before
        return
    expected = other_status if role == "staff_b" else member_status
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert_error_shape(response, expected, "not_found" if expected == 404 else "invalid")
        assert _state(world) == before
    elif method != "GET":
        assert _state(world) != before  # control: the same request by a member does change A


def test_lists_show_only_the_users_companies(world):
    def seen(user, path: str) -> set:
        return {row["id"] for row in client_for(user).get(f"{STAFF}{path}").json()["results"]}

    assert seen(world.staff_b, "/tours/") == {world.tour_b.pk}
    assert seen(world.staff_a, "/tours/") == {world.tour_a.pk}
    assert seen(world.coordinator, "/tours/") == {world.tour_a.pk, world.tour_b.pk}
    assert seen(world.staff_b, "/slots/") == {world.slot_b.pk}
    assert seen(world.coordinator, "/slots/") == {world.slot_a.pk, world.slot_b.pk}


def test_staff_of_b_reach_their_own_objects(world):
    """Control for the matrix: B's staff do reach B's objects, so the 404s come from scoping."""
    api = client_for(world.staff_b)
    assert _send(api, "GET", f"/slots/{world.slot_b.pk}/", None).status_code == 200
    assert _send(api, "GET", f"/bookings/{world.booking_b.reference}/", None).status_code == 200
    assert _send(api, "GET", f"/slots/{world.slot_a.pk}/", None).status_code == 404


def test_account_without_membership_is_403(world):
    api = client_for(factories.UserFactory())
    before = _state(world)
    assert_error_shape(_send(api, "GET", "/tours/", None), 403, "permission_denied")
    response = _send(api, "POST", f"/slots/{world.slot_a.pk}/cancel/", None)
    assert_error_shape(response, 403, "permission_denied")
    assert _state(world) == before


def test_wrong_token_is_401_and_session_is_not_enough(world, client):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + "x" * 40)
    assert_error_shape(api.get(f"{STAFF}/tours/"), 401, "authentication_failed")
    # A logged-in browser session is not a credential here: no CSRF exposure for writes.
    client.force_login(world.owner_a)
    assert client.get(f"{STAFF}/tours/").status_code == 401


def test_inactive_user_token_is_refused(world):
    api = client_for(world.owner_a)
    world.owner_a.is_active = False
    world.owner_a.save()
    assert_error_shape(api.get(f"{STAFF}/tours/"), 401, "authentication_failed")
