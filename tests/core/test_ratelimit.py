"""Abuse limits (issue 13, findings 1, 2 and 6): every public write is limited per client
address and per target, the 429 answer is clear in the visitor's language with Retry-After,
the client address comes from X-Forwarded-For only behind a trusted proxy, RATE_LIMITS=off
lifts every limit, and the counters are shared by processes through Redis."""

import json
import os
import signal
import subprocess
import sys
import time as clock
import urllib.error
import urllib.request
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from booking.models import Booking, WaitlistEntry
from core.ratelimit import client_ip
from events import services
from events.models import Registration
from tests.booking.mailserver import free_port
from tests.factories import (
    CompanyFactory,
    EventFactory,
    SlotFactory,
    UserFactory,
    book,
    plan_stops,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """Small limits, so a test needs few requests: set one with rates(name, client, target)."""
    settings.RATE_LIMITS_RATES = {
        name: {"client": ("1000/h",), "target": ("1000/h",)}
        for name in settings.RATE_LIMIT_DEFAULTS
    }

    def set_rates(name: str, client: str, target: str) -> None:
        settings.RATE_LIMITS_RATES[name] = {"client": (client,), "target": (target,)}

    return set_rates


def _booking_data(slot, n: int, email: str | None = None) -> dict:
    return {
        "name": "Anne Jensen",
        "email": email or f"visitor{n}@example.dk",
        "party_size": 1,
        "language": "en",
        "submission_id": f"00000000-0000-4000-8000-{n:012d}",
    }


def test_booking_form_is_limited_per_client_with_a_clear_page_in_each_language(client, rates):
    rates("booking", "3/h", "1000/h")
    slot = SlotFactory(capacity=50)
    answers = [
        client.post(f"/en/book/{slot.pk}/", _booking_data(slot, n)).status_code for n in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    assert Booking.objects.count() == 3
    for prefix, heading in [
        ("", "For mange forsøg på kort tid"),
        ("/en", "Too many attempts in a short time"),
        ("/de", "Zu viele Versuche in kurzer Zeit"),
    ]:
        response = client.post(f"{prefix}/book/{slot.pk}/", _booking_data(slot, 99))
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 3600
        html = response.content.decode()
        assert heading in html
        assert f'<html lang="{prefix.strip("/") or "da"}">' in html
        assert "css/site.css" in html  # the site's own page, not a bare error
    assert Booking.objects.count() == 3


def test_booking_form_is_limited_per_email_address(client, rates):
    rates("booking", "1000/h", "2/h")
    slot = SlotFactory(capacity=50)
    same = [
        client.post(
            f"/en/book/{slot.pk}/", _booking_data(slot, n, email="Anne@Example.dk")
        ).status_code
        for n in range(2)
    ]
    # The same address however it is written.
    third = client.post(f"/en/book/{slot.pk}/", _booking_data(slot, 3, email=" anne@example.DK"))
    other = client.post(f"/en/book/{slot.pk}/", _booking_data(slot, 4, email="bo@example.dk"))
    assert same == [302, 302]
    assert third.status_code == 429
    assert other.status_code == 302  # control: another address is not limited


def test_control_other_methods_are_not_counted(client, rates):
    rates("booking", "1/h", "1/h")
    slot = SlotFactory()
    assert [client.get(f"/en/book/{slot.pk}/").status_code for _ in range(3)] == [200] * 3


def test_booking_api_answers_429_in_its_shape_and_language(client, rates):
    rates("booking", "2/h", "1000/h")
    slot = SlotFactory(capacity=50)
    body = {"slot": slot.pk, "name": "Anne", "party_size": 1}
    statuses = [
        client.post(
            "/api/v1/bookings/",
            {**body, "email": f"a{n}@example.dk"},
            content_type="application/json",
        ).status_code
        for n in range(2)
    ]
    assert statuses == [201, 201]
    refused = client.post(
        "/api/v1/bookings/",
        {**body, "email": "b@example.dk"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    answer = refused.json()
    assert answer["code"] == "throttled"
    assert answer["message"].startswith("Zu viele Anfragen in kurzer Zeit")
    assert str(int(refused["Retry-After"])) in answer["message"]
    assert Booking.objects.count() == 2


def test_waitlist_joins_are_limited(client, rates):
    rates("waitlist", "1000/h", "2/h")
    slot = SlotFactory(capacity=1)
    book(slot, party_size=1)
    data = {
        "name": "Bo",
        "email": "bo@example.dk",
        "party_size": 1,
        "language": "da",
        "submission_id": "00000000-0000-4000-8000-000000000001",
    }
    statuses = [client.post(f"/en/book/{slot.pk}/waitlist/", data).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert WaitlistEntry.objects.count() == 1


def _at(hour: int):
    day = timezone.localdate() + timedelta(days=14)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_event_registrations_are_limited(client, rates):
    rates("registration", "2/h", "1000/h")
    event = EventFactory(capacity=50)
    plan_stops(event, (CompanyFactory(), _at(10), _at(11)))
    services.event_publish(event=event)
    statuses = [
        client.post(
            f"/en/events/{event.slug}/",
            {"name": "Bo", "email": f"bo{n}@example.dk", "party_size": 1, "language": "da"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Registration.objects.count() == 2


def test_host_answers_are_limited_per_link(client, rates):
    rates("host_answer", "1000/h", "2/h")
    [stop] = plan_stops(EventFactory(), (CompanyFactory(), _at(10), _at(11)))
    statuses = [
        client.post(f"/en/events/host/{stop.host_token}/", {"answer": "accept"}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_visitor_links_are_limited_per_link(client, rates):
    rates("visitor_change", "1000/h", "1/h")
    booking = book(SlotFactory(capacity=10), party_size=2)
    first = client.post(f"/en/booking/{booking.token}/people/", {"party_size": 3})
    second = client.post(f"/en/booking/{booking.token}/people/", {"party_size": 4})
    assert (first.status_code, second.status_code) == (302, 429)
    booking.refresh_from_db()
    assert booking.party_size == 3


def _log_in(client, username: str, password: str, path: str = "/en/accounts/login/"):
    return client.post(path, {"username": username, "password": password})


def test_log_in_is_limited_per_account_counting_only_failures(client, rates):
    rates("login", "1000/h", "3/h")
    UserFactory(username="anne@example.dk")
    assert _log_in(client, "anne@example.dk", "demo-password-123").status_code == 302
    client.logout()
    assert _log_in(client, "anne@example.dk", "demo-password-123").status_code == 302
    client.logout()
    failures = [_log_in(client, "ANNE@example.dk", "wrong").status_code for _ in range(3)]
    assert failures == [200, 200, 200]  # the form again, with its error
    # Now even the right password is refused, without being checked, until the window ends.
    locked = _log_in(client, "anne@example.dk", "demo-password-123")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Control: another account from the same client is not locked.
    UserFactory(username="bo@example.dk")
    assert _log_in(client, "bo@example.dk", "demo-password-123").status_code == 302


def test_log_in_is_limited_per_client(client, rates):
    rates("login", "3/h", "1000/h")
    statuses = [_log_in(client, f"u{n}@example.dk", "wrong").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_admin_log_in_is_limited_too(client, rates):
    rates("login", "1000/h", "2/h")
    User.objects.create_superuser("boss", "boss@example.dk", "right-pass-123")
    statuses = [_log_in(client, "boss", "wrong", "/admin/login/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_password_reset_mails_at_most_the_limit(client, rates):
    rates("password_reset", "1000/h", "3/h")
    UserFactory(username="anne@example.dk")
    statuses = [
        client.post("/en/accounts/password/reset/", {"email": "anne@example.dk"}).status_code
        for _ in range(20)
    ]
    assert statuses == [302] * 3 + [429] * 17
    assert len(mail.outbox) == 3


def test_rate_limits_off_lifts_every_limit(client, rates, settings):
    rates("booking", "1/h", "1/h")
    settings.RATELIMIT_ENABLE = False  # RATE_LIMITS=off
    slot = SlotFactory(capacity=50)
    statuses = [
        client.post(f"/en/book/{slot.pk}/", _booking_data(slot, n, "a@example.dk")).status_code
        for n in range(5)
    ]
    assert statuses == [302] * 5


def test_the_default_limits_stop_the_reported_abuse(client):
    """Finding 2: one client made 60 bookings to 60 third-party addresses. With the defaults
    (30 an hour per client) the 31st is refused."""
    slot = SlotFactory(capacity=100)
    statuses = [
        client.post(f"/en/book/{slot.pk}/", _booking_data(slot, n)).status_code for n in range(31)
    ]
    assert statuses == [302] * 30 + [429]


# --- the client's address -------------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_forwarded_for_from_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_ip(_request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # A client that writes its own header gets it prepended to, not believed.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    # Two trusted hops (a load balancer, then nginx).
    assert client_ip(_request("127.0.0.1", "198.51.100.1, 10.1.2.3")) == "198.51.100.1"
    # Garbage stops the walk at the last address we can trust.
    assert client_ip(_request("127.0.0.1", "junk, 10.1.2.3")) == "10.1.2.3"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"
    # Not from the proxy: the header is the client's own claim.
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_the_proxy_visitors_are_counted_apart(client, rates, settings):
    """Finding 6: behind nginx every visitor had REMOTE_ADDR 127.0.0.1 and shared a counter."""
    rates("lost_link", "2/h", "1000/h")
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    data = {"email": "a@example.dk", "reference": "ABCD-EFGH"}

    def post(visitor: str) -> int:
        return client.post("/en/find-my-booking/", data, HTTP_X_FORWARDED_FOR=visitor).status_code

    assert [post("198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert post("198.51.100.2") == 200  # another visitor behind the same proxy
    # A visitor cannot escape by sending X-Forwarded-For itself: nginx appends the real one.
    assert post("9.9.9.9, 198.51.100.1") == 429


def test_ipv6_clients_are_counted_per_64(client, rates):
    rates("lost_link", "2/h", "1000/h")
    data = {"email": "a@example.dk", "reference": "ABCD-EFGH"}
    statuses = [
        client.post("/en/find-my-booking/", data, REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code
        for n in range(1, 4)
    ]
    assert statuses == [200, 200, 429]


# --- shared across processes ----------------------------------------------------------------


def _start_server(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _post(port: int) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/bookings/",
        data=json.dumps({"slot": 0}).encode(),  # invalid: refused before the database
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_healthy(port: int, server: subprocess.Popen) -> None:
    deadline = clock.monotonic() + 60
    while clock.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10):
                return
        except OSError:  # not listening yet, or still importing
            clock.sleep(0.3)
    raise AssertionError("server did not start")


def _two_servers_count(redis_url: str | None) -> list[int]:
    """Twelve requests alternating between two gunicorn servers, 5 an hour allowed."""
    from django.db import connection

    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "ratelimit-test-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "RATE_LIMIT_BOOKING_CLIENT": "5/h",
        "CACHE_KEY_PREFIX": f"ratelimit-test-{os.getpid()}-{clock.monotonic_ns()}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    ports = [free_port(), free_port()]
    while ports[1] == ports[0]:
        ports[1] = free_port()
    servers = [_start_server(port, env) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_healthy(port, server)
        return [_post(ports[n % 2]) for n in range(12)]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_servers_share_one_count_through_redis():
    from tests.conftest import REDIS_URL

    statuses = _two_servers_count(REDIS_URL)
    assert statuses.count(400) == 5
    assert statuses.count(429) == 7


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_control_without_redis_each_server_counts_alone():
    """What finding 6 saw: per-process counters let the limit through once per process."""
    statuses = _two_servers_count(None)
    assert statuses.count(400) == 10
    assert statuses.count(429) == 2
