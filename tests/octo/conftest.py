"""A reseller with a key, a client that sends it, and the check that every answer is OCTO:
each response body is validated against the committed JSON Schemas (octo/schemas/)."""

import json
from pathlib import Path

import jsonschema
import pytest
from jsonschema.validators import validator_for
from rest_framework.test import APIClient

from octo import keys

SCHEMAS = Path(__file__).resolve().parents[2] / "octo" / "schemas"
_VALIDATORS: dict[str, jsonschema.protocols.Validator] = {}


def validator(name: str) -> jsonschema.protocols.Validator:
    if name not in _VALIDATORS:
        schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
        _VALIDATORS[name] = validator_for(schema)(schema)
    return _VALIDATORS[name]


def assert_octo(body, name: str, *, many: bool = False) -> None:
    """`body` is a valid OCTO `name` (or a list of them); fails with every schema error."""
    items = body if many else [body]
    if many:
        assert isinstance(body, list), body
    for item in items:
        problems = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(name).iter_errors(item)
        ]
        assert not problems, problems


# The typed error of each code (octo/schemas/Error*.json).
ERROR_SCHEMAS = {
    "INVALID_PRODUCT_ID": "ErrorInvalidProductId",
    "INVALID_OPTION_ID": "ErrorInvalidOptionId",
    "INVALID_UNIT_ID": "ErrorInvalidUnitId",
    "INVALID_AVAILABILITY_ID": "ErrorInvalidAvailabilityId",
    "INVALID_BOOKING_UUID": "ErrorInvalidBookingUuid",
    "BAD_REQUEST": "ErrorBadRequest",
    "UNPROCESSABLE_ENTITY": "ErrorUnprocessableEntity",
    "UNAUTHORIZED": "ErrorUnauthorized",
    "FORBIDDEN": "ErrorForbidden",
}


def assert_octo_error(response, code: str, status: int = 400) -> dict:
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert body["error"] == code, body
    assert_octo(body, ERROR_SCHEMAS[code])
    return body


class OctoClient:
    """Speaks to /octo/ with a reseller's key; every 2xx body is checked against the schemas."""

    def __init__(self, key: str | None) -> None:
        self.api = APIClient()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.api.get(f"/octo/{path}", params or {}, **{**self.headers, **headers})

    def post(self, path: str, body: dict | None = None, **headers):
        return self.api.post(
            f"/octo/{path}", body or {}, format="json", **{**self.headers, **headers}
        )


@pytest.fixture
def issued(db) -> keys.IssuedKey:
    return keys.reseller_create(name="Visit Lolland", contact_email="api@visitlolland.example")


@pytest.fixture
def octo(issued) -> OctoClient:
    return OctoClient(issued.key)
