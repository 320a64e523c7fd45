import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import organiser

pytestmark = pytest.mark.django_db


def _new_event(client, deadline: str):
    return client.post(
        reverse("events:create"),
        {
            "title": "Stafet",
            "capacity": "5",
            "registration_deadline": deadline,
            "meeting_point": "Maribo",
            "travel": "bus",
        },
    )


def test_a_registration_deadline_in_year_1_is_refused(client):
    client.force_login(organiser())
    response = _new_event(client, "0001-01-01T00:30")
    assert response.status_code in (200, 400)
    assert not Event.objects.exists()
    assert client.get(reverse("events:organiser_list")).status_code == 200


def test_a_new_event_without_stops_has_working_pages(client):
    client.force_login(organiser())
    response = _new_event(client, "2027-01-10T12:00")
    event = Event.objects.get()
    assert response.status_code == 302
    assert client.get(reverse("events:organise", args=[event.pk])).status_code == 200
