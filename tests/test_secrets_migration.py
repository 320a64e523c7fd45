"""The migrations that stopped storing link secrets (booking 0011, events 0005, tours 0004)
keep every link already handed out working: a plain token of before opens the same page
after, the new derived link does too, a host request waiting in the outbox still goes out,
and going back restores a plain token that opens the page."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [
    ("booking", "0010_booking_arrival"),
    ("events", "0004_translated_texts"),
    ("tours", "0003_translated_texts"),
    ("notify", "0004_webhooks"),
]
PLAIN = {name: name[0] * 43 for name in ("booking", "waitlist", "registration", "host", "feed")}


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def back_to_latest():
    yield
    _migrate(_latest())


def _old_rows(apps) -> dict[str, int]:
    company = apps.get_model("tours", "Company").objects.create(
        name="Lolle Frugt", slug="lolle", address="Vej 1", postal_code="4930", city="Maribo",
        municipality="Lolland", latitude=54.77, longitude=11.5, email="f@example.dk",
        phone="12345678", photo="", feed_token=PLAIN["feed"],
    )  # fmt: skip
    tour = apps.get_model("tours", "Tour").objects.create(
        company=company, title="Æbler", meeting_point="Gården", published=True
    )
    start = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    slot = apps.get_model("tours", "Slot").objects.create(
        tour=tour, start=start, end=start + timedelta(hours=1), capacity=9, booked=2
    )
    booking = apps.get_model("booking", "Booking").objects.create(
        slot=slot, name="Anne", email="anne@example.dk", party_size=2, token=PLAIN["booking"]
    )
    entry = apps.get_model("booking", "WaitlistEntry").objects.create(
        slot=slot, name="Bo", email="bo@example.dk", party_size=1, token=PLAIN["waitlist"]
    )
    user = apps.get_model("auth", "User").objects.create(username="arrangør")
    event = apps.get_model("events", "Event").objects.create(
        organiser=user, title="Stafet", slug="stafet", capacity=20, status="published",
        registration_deadline=start, meeting_point="Maribo",
    )  # fmt: skip
    stop = apps.get_model("events", "Stop").objects.create(
        event=event, company=company, start=start + timedelta(hours=3),
        end=start + timedelta(hours=4), host_token=PLAIN["host"],
    )  # fmt: skip
    registration = apps.get_model("events", "Registration").objects.create(
        event=event, name="Cia", email="cia@example.dk", party_size=1, token=PLAIN["registration"]
    )
    request = apps.get_model("notify", "OutboundMail").objects.create(
        kind="host_requested",
        recipient="f@example.dk",
        about=f"events.stop:{stop.pk}",
        context={
            "stop_id": stop.pk,
            "token_digest": hashlib.sha256(PLAIN["host"].encode()).hexdigest()[:32],
        },
    )
    return {
        "booking": booking.pk,
        "waitlist": entry.pk,
        "registration": registration.pk,
        "host": stop.pk,
        "feed": company.pk,
        "mail": request.pk,
    }


def _pages() -> dict[str, str]:
    return {
        "booking": "booking:manage",
        "waitlist": "booking:waitlist",
        "registration": "events:registration",
        "host": "events:host",
        "feed": "staff_feed",
    }


def test_links_handed_out_before_keep_working_after(back_to_latest, client):
    ids = _old_rows(_migrate(BEFORE))
    _migrate(_latest())
    from booking.models import Booking, WaitlistEntry
    from events.mail import token_digest
    from events.models import Registration, Stop
    from notify.models import OutboundMail
    from tours.models import Company

    models = {
        "booking": Booking,
        "waitlist": WaitlistEntry,
        "registration": Registration,
        "host": Stop,
        "feed": Company,
    }
    for name, view in _pages().items():
        row = models[name].objects.get(pk=ids[name])
        old = client.get(reverse(view, kwargs={"token": PLAIN[name]}))
        new = client.get(reverse(view, kwargs={"token": row.token}))
        assert (old.status_code, new.status_code) == (200, 200), name
        assert row.token != PLAIN[name]
        assert not models[name].objects.filter(models[name].token_lookup("x" * 43)).exists()
    stop = Stop.objects.get(pk=ids["host"])
    waiting = OutboundMail.objects.get(pk=ids["mail"])
    assert waiting.context["token_digest"] == token_digest(stop.host_token)

    current = Booking.objects.get(pk=ids["booking"]).token
    back = _migrate(BEFORE)
    assert back.get_model("booking", "Booking").objects.get(pk=ids["booking"]).token == current
