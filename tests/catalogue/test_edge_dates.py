import pytest
from django.urls import reverse

from tests.factories import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", ["9999-12-25", "0001-01-01", "2099-01-01"])
def test_tour_page_with_a_date_outside_the_horizon_starts_today(client, day):
    slot = SlotFactory()
    response = client.get(reverse("catalogue:tour", args=[slot.tour.pk]), {"from": day})
    assert response.status_code == 200
    assert reverse("booking:book", args=[slot.pk]) in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/en/booking/%00aaaaaaaaaaaaaaaaaaaaaaaaa/calendar.ics",
        "/en/events/registration/%00abc/",
        "/en/events/registration/%00abc/invitation.ics",
        "/en/events/host/%00abc/",
        "/en/staff-calendar/%00abc.ics",
        "/en/booking/%C3%A6%C3%B8/",
    ],
)
def test_tokens_with_odd_characters_are_404(client, url):
    assert client.get(url).status_code == 404
