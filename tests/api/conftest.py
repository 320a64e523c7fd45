import pytest
from rest_framework.test import APIClient

from tests.workspace import conftest as workspace_conftest

# Companies A and B with their people, shared with the workspace's permission matrix.
world = workspace_conftest.world
_fast_passwords = workspace_conftest._fast_passwords  # autouse: PBKDF2 is slow by design


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def booking_body(slot, **overrides) -> dict:
    body = {
        "slot": slot.pk,
        "name": "Anne Hansen",
        "email": "anne@example.com",
        "party_size": 2,
        "phone": "+45 20 30 40 50",
    }
    body.update(overrides)
    return body


def assert_error_shape(response, status: int, code: str) -> dict:
    """Every 4xx of the API: JSON with exactly code, message and fields."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    return body
