"""The .ics download on the visitor's booking page (also the page shown after booking)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from booking import services
from tests.booking.icalcheck import assert_wire_format, parse, vobject_read
from tests.factories import SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db


def _booking():
    tour = TourFactory()
    start = datetime(2027, 3, 28, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")).astimezone(UTC)
    return book(SlotFactory(tour=tour, start=start, end=start + tour.duration))


def test_booking_page_links_to_the_download_and_it_reads_right(client):
    booking = _booking()
    url = reverse("booking:calendar", kwargs={"token": booking.token})
    page = client.get(booking.get_absolute_url())
    assert f'href="{url}"' in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="booking-')
    assert response["Cache-Control"] == "private, no-store"
    ics = response.content
    assert_wire_format(ics)
    assert parse(ics)["METHOD"] == "PUBLISH"
    (event,) = vobject_read(ics)["events"]
    assert event["uid"] == str(booking.uid)
    assert event["start_utc"] == "2027-03-28T08:00:00+00:00"
    assert booking.token not in ics.decode()


def test_confirmation_after_booking_offers_the_download(client):
    slot = SlotFactory()
    response = client.post(
        reverse("booking:book", kwargs={"slot_id": slot.pk}),
        {
            "name": "Anne Hansen",
            "email": "anne@example.com",
            "phone": "",
            "party_size": 2,
            "language": "da",
            "submission_id": "0b4f4e0e-1111-4a1a-9c52-1a2b3c4d5e6f",
        },
        follow=True,
    )
    assert response.redirect_chain, response.context["form"].errors
    booking = slot.bookings.get()
    assert response.request["PATH_INFO"] == booking.get_absolute_url()
    assert reverse("booking:calendar", kwargs={"token": booking.token}) in response.content.decode()


def test_unknown_token_is_404_and_a_cancelled_booking_hides_the_button(client):
    assert client.get(reverse("booking:calendar", kwargs={"token": "nope"})).status_code == 404
    booking = services.booking_cancel(booking=_booking())
    page = client.get(booking.get_absolute_url()).content.decode()
    assert 'data-testid="ics-download"' not in page
    ics = client.get(reverse("booking:calendar", kwargs={"token": booking.token})).content
    assert parse(ics).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
