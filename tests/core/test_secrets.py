"""Secrets at rest (issue 13, finding 9): no link secret is stored as it is handed out, a
copy of the database opens nothing, the links still open their pages, and the task table
holds no e-mail address of a find-my-booking request."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from booking import links, waitlist
from booking.models import Booking, WaitlistEntry
from core import secrets
from events.models import Registration, Stop
from tests.factories import (
    CompanyFactory,
    EventFactory,
    SlotFactory,
    book,
    plan_stops,
    register,
    visitor,
)
from tours.models import Company

pytestmark = pytest.mark.django_db


def _stored(model, pk: int) -> str:
    """Everything the database holds for the row, as text."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return json.dumps([str(value) for value in cursor.fetchone()])


def _everything():
    slot = SlotFactory(capacity=2)
    booking = book(slot, party_size=2)
    entry = waitlist.waitlist_join(slot_id=slot.pk, visitor=visitor(), party_size=1)
    event = EventFactory(status="published")
    start = timezone.now() + timedelta(days=10)
    [stop] = plan_stops(event, (CompanyFactory(), start, start + timedelta(hours=1)))
    event.status = "published"
    event.save()
    registration = register(event)
    return {
        "manage": booking,
        "waitlist": entry,
        "events:registration": registration,
        "events:host": stop,
        "staff_feed": stop.company,
    }


def test_no_link_secret_is_stored_and_each_link_still_opens_its_page(client):
    for name, row in _everything().items():
        secret = row.token
        assert len(secret) >= 43
        assert secret not in _stored(type(row), row.pk), name  # only seed and digest
        view = name if ":" in name or name == "staff_feed" else f"booking:{name}"
        assert client.get(reverse(view, kwargs={"token": secret})).status_code == 200, name


def test_a_copy_of_the_database_opens_nothing_without_the_key(client, settings):
    """The control: with another SECRET_KEY (the attacker's copy of the rows alone), the
    same seed gives another secret, which opens nothing."""
    booking = book(SlotFactory())
    secret, key = booking.token, settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-" + "x" * 40
    guessed = Booking.objects.get(pk=booking.pk).token
    assert guessed != secret
    settings.SECRET_KEY = key
    assert not Booking.objects.filter(Booking.token_lookup(guessed)).exists()
    assert Booking.objects.filter(Booking.token_lookup(secret)).exists()


def test_a_link_of_one_kind_never_opens_another_kind():
    booking = book(SlotFactory())
    for model in (WaitlistEntry, Registration, Stop, Company):
        assert not model.objects.filter(model.token_lookup(booking.token)).exists()


def test_renewing_a_link_revokes_the_old_one_and_a_legacy_one():
    booking = book(SlotFactory())
    old = booking.token
    Booking.objects.filter(pk=booking.pk).update(
        token_legacy_digest=secrets.secret_digest("p" * 43, purpose=Booking.LINK_PURPOSE)
    )
    booking.refresh_from_db()
    assert booking.token_matches("p" * 43) and booking.token_matches(old)
    renewed = links.booking_token_renew(booking=booking)
    assert not renewed.token_matches(old) and not renewed.token_matches("p" * 43)
    assert renewed.token_matches(renewed.token)


@pytest.mark.django_db(transaction=True)
def test_find_my_booking_keeps_no_address_in_the_task_table(client):
    booking = book(SlotFactory(), email="owner@example.com")
    for email in ("owner@example.com", "stranger@example.com"):
        client.post(
            reverse("booking:lost_link"),
            {"email": email, "reference": booking.display_reference},
        )
    rows = DBTaskResult.objects.filter(task_path="booking.links.send_lost_link")
    assert [r.args_kwargs["kwargs"] for r in rows.order_by("enqueued_at")] == [
        {"booking_id": booking.pk},
        {"booking_id": None},
    ]
    every_task = json.dumps(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))
    assert "@example.com" not in every_task
