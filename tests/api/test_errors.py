"""The mapping of domain errors to HTTP, and the one error shape for the framework's own
4xx answers (authentication, permission, throttling) that no public endpoint gives today."""

import pytest
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from booking import errors
from booking.api.errors import (
    CONFLICT_CODES,
    INPUT_CODES,
    api_exception_handler,
    booking_error_status,
)


def _all_booking_errors() -> list[type[errors.BookingError]]:
    found, todo = [], [errors.BookingError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


@pytest.mark.parametrize("error", _all_booking_errors(), ids=lambda e: e.code)
def test_every_booking_error_code_has_a_deliberate_status(error):
    """A new BookingError must be classed as a conflict (409) or bad input (400) here, not
    fall through to a default: the status is part of the API's contract."""
    deliberate = error.code in CONFLICT_CODES or error.code in INPUT_CODES
    assert deliberate or error is errors.IdempotencyKeyReused, error.code
    counted = (errors.NotEnoughPlaces, errors.CapacityBelowBooked)
    instance = error(3) if error in counted else error()
    expected = (
        422
        if error is errors.IdempotencyKeyReused
        else (409 if error.code in CONFLICT_CODES else 400)
    )
    assert booking_error_status(instance) == expected


def test_conflict_and_input_codes_do_not_overlap():
    assert not CONFLICT_CODES & INPUT_CODES


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
