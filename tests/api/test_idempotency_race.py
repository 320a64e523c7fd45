"""Two clients (or one client's retries) racing with the same Idempotency-Key: real HTTP
requests through the API on PostgreSQL, one connection per thread, real commits."""

import contextlib
import threading
from collections import Counter

import pytest
from rest_framework.test import APIClient

from booking import services
from booking.models import Booking
from tests.api.conftest import booking_body
from tests.factories import SlotFactory
from tests.race import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 12


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Twelve requests from one address at once are a load test of the key, not of the
    rate limits (RATE_LIMITS=off, as for the benchmarks)."""
    settings.RATELIMIT_ENABLE = False


def _race(slot, keys: list[str | None]) -> tuple[Counter, set[str]]:
    """Posts the same booking once per key, all at the same moment. Returns the status codes
    (as text) and the references answered."""
    references: set[str] = set()

    def client(key: str | None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}

        def post() -> str:
            response = APIClient().post(
                "/api/v1/bookings/", booking_body(slot), format="json", **headers
            )
            if reference := response.json().get("reference"):
                references.add(reference)
            return str(response.status_code)

        return post

    return race([client(key) for key in keys]), references


def _overlapping_look_ups(monkeypatch, *, recover: bool) -> None:
    """Makes the race certain rather than likely: every request does its first look-up of
    the key before any of them inserts (a barrier after that look-up). With `recover` the
    service's second look-up (after the unique key refuses the insert) stays; without it, it
    finds nothing, as if the recovery were missing."""
    look_up = services._booking_for_key
    calls = threading.local()
    barrier = threading.Barrier(CLIENTS, timeout=10)

    def wrapped(key: str, fingerprint: str):
        calls.n = getattr(calls, "n", 0) + 1
        if calls.n == 1:
            found = look_up(key, fingerprint)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
            return found
        return look_up(key, fingerprint) if recover else None

    monkeypatch.setattr(services, "_booking_for_key", wrapped)


def test_racing_requests_with_one_key_make_one_booking(monkeypatch):
    _overlapping_look_ups(monkeypatch, recover=True)
    slot = SlotFactory(capacity=100)

    statuses, references = _race(slot, ["retry-42"] * CLIENTS)

    slot.refresh_from_db()
    assert statuses == Counter({"201": CLIENTS}), statuses
    assert len(references) == 1
    assert Booking.objects.count() == 1
    assert slot.booked == 2


def test_control_without_the_recovery_the_same_race_breaks(monkeypatch):
    """Proves the harness can fail: the same overlapping requests without the service's
    second look-up. All but the winner then fail on the unique key."""
    _overlapping_look_ups(monkeypatch, recover=False)
    slot = SlotFactory(capacity=100)

    statuses, _ = _race(slot, ["retry-43"] * CLIENTS)

    overlapped = sum(n for outcome, n in statuses.items() if "IntegrityError" in str(outcome))
    print(f"\n{overlapped} of {CLIENTS} requests overlapped with the winner: {statuses}")
    assert overlapped == CLIENTS - 1, statuses
    assert Booking.objects.count() == 1


def test_control_racing_requests_without_a_key_make_one_booking_each():
    """Proves the harness really runs the requests side by side and counts every booking."""
    slot = SlotFactory(capacity=100)

    statuses, references = _race(slot, [None] * CLIENTS)

    slot.refresh_from_db()
    assert statuses == Counter({"201": CLIENTS}), statuses
    assert len(references) == CLIENTS
    assert slot.booked == 2 * CLIENTS
