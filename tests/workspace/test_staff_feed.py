"""Each company's private staff feed: headcounts and names behind a revocable token."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from booking.models import Booking
from booking.services import booking_cancel
from tests.booking.icalcheck import assert_wire_format, parse, vobject_read
from tests.factories import CompanyFactory, SlotFactory, TourFactory, book
from tours.models import Slot
from tours.services import company_feed_token_rotate

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def _slot(local: datetime, **fields) -> Slot:
    start = local.replace(tzinfo=CPH).astimezone(UTC)
    tour = fields.pop("tour", None) or TourFactory()
    return SlotFactory(tour=tour, start=start, end=start + tour.duration, **fields)


def _en(name: str, **kwargs) -> str:
    """The English URL (/en/...): the tests read feed text in the source language."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def test_staff_feed_has_headcount_and_names_behind_a_revocable_token(client):
    slot = _slot(datetime(2027, 6, 1, 14, 0))
    company = slot.tour.company
    book(
        slot,
        party_size=2,
        name="Jørgen Müller, Åsa; Ærø",
        note="Kører i kørestol;\nparkerer ved port 2",
    )
    book(slot, party_size=3, name="Bo Berg", email="bo@example.com")
    gone = book(slot, party_size=1, name="Afbudt Person", email="gone@example.com")
    booking_cancel(booking=gone)
    _slot(datetime(2027, 6, 2, 14, 0), tour=slot.tour)  # no bookings: not in the staff feed
    url = _en("staff_feed", token=company.feed_token)
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    ics = response.content
    assert_wire_format(ics)
    (event,) = vobject_read(ics)["events"]
    assert event["summary"] == f"{slot.tour.title}: 5 people"
    assert "Jørgen Müller, Åsa; Ærø (2)" in event["description"]
    assert "Kører i kørestol;\nparkerer ved port 2" in event["description"]
    assert "Bo Berg (3)" in event["description"]
    assert "Afbudt Person" not in event["description"]
    assert event["attendees"] == []
    old_token = company.feed_token
    company_feed_token_rotate(company=company)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("staff_feed", kwargs={"token": company.feed_token})).status_code == 200
    )
    assert company.feed_token != old_token
    assert client.get(reverse("staff_feed", kwargs={"token": "guess"})).status_code == 404


def test_admin_action_regenerates_the_token(admin_client):
    company = CompanyFactory()
    old = company.feed_token
    response = admin_client.post(
        "/admin/tours/company/",
        {"action": "regenerate_feed_token", "_selected_action": [company.pk]},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.feed_token != old
    page = admin_client.get(f"/admin/tours/company/{company.pk}/change/")
    assert company.feed_token in page.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_staff_feed_reads_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, count
):
    tour = TourFactory()
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    for n in range(count):
        slot = SlotFactory(
            tour=tour, start=base + timedelta(hours=n), end=base + timedelta(hours=n, minutes=90)
        )
        Booking.objects.create(slot=slot, name=f"P{n}", email=f"p{n}@example.com", party_size=1)
    # company, slots, their bookings, and the company's event stops
    with django_assert_max_num_queries(4):
        response = client.get(reverse("staff_feed", kwargs={"token": tour.company.feed_token}))
    assert response.status_code == 200
    assert len(parse(response.content).walk("VEVENT")) == count
