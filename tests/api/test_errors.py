"""The mapping of domain errors to HTTP, and the one error shape for the framework's own
4xx answers (authentication, permission, throttling) that no public endpoint gives today."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

import booking.errors
import events.errors
from core.api.errors import api_exception_handler, domain_error_response
from core.errors import DomainError

# The API's contract: the status every refusal answers with. 409 when the state of the slot,
# booking or event refuses (the same request may succeed later or elsewhere), 400 when the
# request must change, 422 when it contradicts an earlier one.
STATUS = {
    "error": 409,
    "invalid_request": 400,
    "invalid": 400,
    "booking_error": 400,
    "booking_conflict": 409,
    "slot_not_found": 400,
    "slot_cancelled": 409,
    "slot_closed": 409,
    "slot_past": 409,
    "booking_closed": 409,
    "slot_full": 409,
    "slot_taken": 409,
    "not_enough_places": 409,
    "party_size_invalid": 400,
    "party_larger_than_slot": 400,
    "idempotency_key_reused": 422,
    "booking_not_active": 409,
    "change_deadline_passed": 409,
    "move_not_allowed": 400,
    "nothing_to_change": 409,
    "waitlist_not_needed": 409,
    "already_on_waitlist": 409,
    "waitlist_entry_not_active": 409,
    "offer_expired": 409,
    "hold_expired": 409,
    "booking_not_held": 409,
    "hold_minutes_invalid": 400,
    "slot_error": 409,
    "capacity_below_booked": 409,
    "capacity_invalid": 400,
    "slot_start_invalid": 400,
    "slot_exists": 409,
    "slot_not_changeable": 409,
    "slot_has_bookings": 409,
    "slot_held_by_event": 409,
    "event_error": 409,
    "event_not_open": 409,
    "registration_closed": 409,
    "event_full": 409,
    "event_cancelled": 409,
    "capacity_below_registered": 409,
    "registration_not_active": 409,
    "stop_times_invalid": 400,
    "stops_overlap": 409,
    "stop_over_bookings": 409,
    "stop_over_other_event": 409,
    "stop_not_found": 409,
    "stop_already_answered": 409,
    "programme_not_ready": 409,
    "check_in_error": 409,
    "already_checked_in": 409,
    "check_in_wrong_day": 409,
    "arrived_invalid": 400,
    "not_checked_in": 409,
    "check_in_not_confirmed": 409,
    "no_show_too_early": 409,
    "already_no_show": 409,
    "not_no_show": 409,
    "booking_checked_in": 409,
    "slot_has_arrivals": 409,
    "group_too_large": 400,
    "too_many_bookings_for_email": 409,
    # A day plan is booked from its page, not the API; its refusals still have a status.
    "plan_empty": 400,
    "plan_too_long": 400,
    "plan_visit_refused": 409,  # the refused visit's own status: here slot_full's
}


# Errors whose message names what refused: a sample of what they are raised with.
_AT = datetime(2026, 6, 1, 8, 2, tzinfo=UTC)
ARGUMENTS = {
    "not_enough_places": (3,),
    "capacity_below_booked": (3,),
    "party_larger_than_slot": (3,),
    "already_checked_in": (_AT, 3),
    "check_in_wrong_day": (_AT.date(),),
    "arrived_invalid": (4,),
    "no_show_too_early": (_AT,),
    "too_many_bookings_for_email": (2,),
    "plan_too_long": (8,),
}
KEYWORD_ARGUMENTS = {
    "plan_visit_refused": {
        "visit": "Æblesafari, 10:00",
        "slot_id": 1,
        "cause": booking.errors.SlotFull(),
    },
    "group_too_large": {
        "most": 10,
        "company": SimpleNamespace(name="Lolle Frugt", phone="+45 12 34 56 78", email=""),
    },
}


def _all_domain_errors() -> list[type[DomainError]]:
    assert booking.errors and events.errors  # imported so that their classes are counted
    found, todo = [DomainError], [DomainError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


@pytest.mark.parametrize("error", _all_domain_errors(), ids=lambda e: e.code)
def test_every_domain_error_code_has_a_deliberate_status(error):
    """A new error must be entered in STATUS, the API's contract, not inherit a status by
    accident; and it answers with that status in the one shape."""
    assert error.code in STATUS, f"{error.__name__} ({error.code}) is not in STATUS"
    instance = error(*ARGUMENTS.get(error.code, ()), **KEYWORD_ARGUMENTS.get(error.code, {}))
    response = domain_error_response(instance)
    assert response.status_code == STATUS[error.code]
    assert response.data["code"] == error.code
    assert set(response.data) == {"code", "message", "fields"}


def test_codes_are_unique():
    codes = [error.code for error in _all_domain_errors()]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.AuthenticationFailed(), 401, "authentication_failed"),
        (exceptions.PermissionDenied(), 403, "permission_denied"),
        (exceptions.Throttled(wait=30), 429, "throttled"),
        (Http404(), 404, "not_found"),
    ],
)
def test_framework_errors_get_the_one_shape(exc, status, code):
    request = APIRequestFactory().get("/api/v1/slots/")
    response = api_exception_handler(exc, {"request": request, "view": None})
    assert response.status_code == status
    assert response.data["code"] == code
    assert set(response.data) == {"code", "message", "fields"}
    assert response.data["fields"] == {}


def test_anything_else_is_left_to_django_as_a_server_error():
    assert api_exception_handler(RuntimeError("bug"), {}) is None
