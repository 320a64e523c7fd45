"""The coordinator finds, exports and erases one person's data across companies (issue 13,
finding 7); a company's staff cannot."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from booking import waitlist
from booking.models import Booking, WaitlistEntry
from events.models import Registration
from tests.factories import (
    CompanyFactory,
    EventFactory,
    MembershipFactory,
    SlotFactory,
    book,
    coordinator,
    plan_stops,
    register,
    visitor,
)

pytestmark = pytest.mark.django_db
URL = "/workspace/personal-data/"


def _everywhere(email: str) -> None:
    book(SlotFactory(), email=email, name="Anne Hansen")  # one company
    full = SlotFactory(capacity=2)  # another company
    book(full, party_size=2, email="someone@example.com")
    waitlist.waitlist_join(slot_id=full.pk, visitor=visitor(email=email.upper()), party_size=1)
    event = EventFactory()
    start = timezone.now() + timedelta(days=4)
    plan_stops(event, (CompanyFactory(), start, start + timedelta(hours=1)))
    event.status = "published"
    event.save()
    register(event, email=email)


def test_the_coordinator_exports_and_erases_one_persons_data_everywhere(client):
    _everywhere("anne@example.com")
    client.force_login(coordinator())
    page = client.get(URL, {"email": "Anne@Example.com"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    exported = client.get(URL, {"email": "anne@example.com", "format": "json"}).json()
    assert sorted(r["kind"] for r in exported["rows"]) == [
        "booking",
        "event registration",
        "waiting list",
    ]
    table = list(csv.DictReader(io.StringIO(
        client.get(URL, {"email": "anne@example.com", "format": "csv"}).content.decode()
    )))  # fmt: skip
    assert {row["email"].lower() for row in table} == {"anne@example.com"}

    client.post(URL, {"email": "anne@example.com"})  # not confirmed: nothing happens
    assert Booking.objects.filter(email="anne@example.com").exists()
    client.post(URL, {"email": "anne@example.com", "confirm": "yes"})
    assert not Booking.objects.filter(email__iexact="anne@example.com").exists()
    assert not WaitlistEntry.objects.filter(email__iexact="anne@example.com").exists()
    assert not Registration.objects.filter(email__iexact="anne@example.com").exists()
    assert Booking.objects.filter(email="someone@example.com").exists()  # only that person
    assert client.get(URL, {"email": "anne@example.com", "format": "json"}).json()["rows"] == []


def test_a_companys_staff_cannot_open_the_page(client):
    """The control: the same request by a member of a company is refused."""
    _everywhere("anne@example.com")
    client.force_login(MembershipFactory().user)
    assert client.get(URL, {"email": "anne@example.com", "format": "json"}).status_code == 403
    assert client.post(URL, {"email": "anne@example.com", "confirm": "yes"}).status_code == 403
    assert Booking.objects.filter(email="anne@example.com").exists()
