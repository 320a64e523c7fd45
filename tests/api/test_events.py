"""GET /api/v1/events/ and /api/v1/events/{slug}/: published events with their programme,
places left, nothing private (host links, participants), in bounded queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services as event_services
from tests.api.conftest import assert_error_shape
from tests.factories import CompanyFactory, EventFactory, plan_stops, register

pytestmark = pytest.mark.django_db


def _day(days: int = 10):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )


def published_event(**fields):
    event = EventFactory(**fields)
    day = _day()
    plan_stops(
        event,
        (CompanyFactory(name="Lolle Frugt"), day, day + timedelta(hours=1), "Smagning af æbler"),
        (CompanyFactory(name="Bandholm Bær"), day + timedelta(hours=2), day + timedelta(hours=3)),
    )
    return event_services.event_publish(event=event)


def test_event_detail_has_programme_and_places_left(api):
    event = published_event(capacity=30)
    register(event, party_size=3, name="Participant Person", email="pp@example.com")

    response = api.get(f"/api/v1/events/{event.slug}/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["capacity"], body["places_left"]) == (event.title, 30, 27)
    assert body["registration_open"] is True
    assert [stop["company"]["name"] for stop in body["programme"]] == [
        "Lolle Frugt",
        "Bandholm Bær",
    ]
    assert body["programme"][0]["activity"] == "Smagning af æbler"
    assert body["start"] == body["programme"][0]["start"]
    assert body["end"] == body["programme"][1]["end"]
    assert body["url"].endswith(event.get_absolute_url())


def test_no_host_tokens_or_personal_data(api):
    event = published_event()
    registration = register(event, name="Participant Person", email="pp@example.com")
    text = api.get(f"/api/v1/events/{event.slug}/").content.decode()
    text += api.get("/api/v1/events/").content.decode()
    for stop in event.stops.all():
        assert stop.host_token not in text
    assert "pp@example.com" not in text and "Participant Person" not in text
    assert registration.token not in text
    assert event.organiser.email not in text and "host_state" not in text
    # Control: the event itself is there, so the absences above are meaningful.
    assert event.title in text


def test_drafts_are_neither_listed_nor_shown(api):
    draft = EventFactory()
    plan_stops(draft, (CompanyFactory(), _day(), _day() + timedelta(hours=1)))
    shown = published_event()
    slugs = [row["slug"] for row in api.get("/api/v1/events/").json()["results"]]
    assert slugs == [shown.slug]
    assert_error_shape(api.get(f"/api/v1/events/{draft.slug}/"), 404, "not_found")


@pytest.mark.parametrize("count", [1, 50])
def test_event_list_answers_in_bounded_queries(api, django_assert_max_num_queries, count):
    for _ in range(count):
        published_event()
    # COUNT, the page of events, their stops with companies.
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/events/")
    results = response.json()["results"]
    assert len(results) == count
    assert all(len(row["programme"]) == 2 for row in results)
