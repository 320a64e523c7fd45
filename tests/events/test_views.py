"""The pages: organisers' editor behind login and role, the public event page and feed,
participants' and hosts' secret links. No input gives a 500."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from events import services
from events.models import Event, Registration, Stop
from tests.factories import (
    CompanyFactory,
    EventFactory,
    SlotFactory,
    TourFactory,
    book,
    organiser,
    plan_stops,
    register,
)
from tours.models import Slot

pytestmark = pytest.mark.django_db

MARIBO = ("54.77640", "11.50120")
NAKSKOV = ("54.83060", "11.13530")


@pytest.fixture
def published(at):
    event = EventFactory(capacity=10)
    maribo = CompanyFactory(name="Maribo Frugt", latitude=MARIBO[0], longitude=MARIBO[1])
    nakskov = CompanyFactory(name="Nakskov Vin", latitude=NAKSKOV[0], longitude=NAKSKOV[1])
    plan_stops(event, (maribo, at(10), at(11)), (nakskov, at(11, 20), at(12, 30)))
    return services.event_publish(event=event)


def _programme_data(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "stops-TOTAL_FORMS": str(len(rows)),
        "stops-INITIAL_FORMS": str(initial),
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "12",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"stops-{i}-{key}"] = value
    return data


# ---------------------------------------------------------------- access


def test_organiser_pages_need_a_login(client, published):
    for url in (
        reverse("events:organiser_list"),
        reverse("events:create"),
        reverse("events:organise", args=[published.pk]),
        reverse("events:programme", args=[published.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_a_user_without_the_organiser_role_is_refused(client, published):
    client.force_login(User.objects.create_user("visitor", "v@example.com", "pw-123456789"))
    assert client.get(reverse("events:organiser_list")).status_code == 403
    assert client.post(reverse("events:cancel", args=[published.pk])).status_code == 403


def test_another_organisers_event_is_not_found(client, published):
    client.force_login(organiser("other"))
    for name in ("organise", "edit", "programme"):
        assert client.get(reverse(f"events:{name}", args=[published.pk])).status_code == 404
    assert client.post(reverse("events:cancel", args=[published.pk])).status_code == 404
    published.refresh_from_db()
    assert published.status == Event.Status.PUBLISHED


def test_a_superuser_is_an_organiser(client, published):
    client.force_login(User.objects.create_superuser("boss", "b@example.com", "pw-123456789"))
    assert client.get(reverse("events:organise", args=[published.pk])).status_code == 200


# ---------------------------------------------------------------- organiser flow


def test_organiser_creates_plans_and_publishes_an_event(client, day, at):
    user = organiser()
    client.force_login(user)
    host = CompanyFactory(name="Lolle Frugt")
    slot = SlotFactory(tour=TourFactory(company=host), start=at(10), end=at(11))
    response = client.post(
        reverse("events:create"),
        {
            "title": "Innovationsstafetten",
            "capacity": "25",
            "registration_deadline": f"{day.isoformat()}T08:00",
            "meeting_point": "Maribo Station",
            "travel": "bus",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.organiser == user
    assert event.status == Event.Status.DRAFT

    data = _programme_data(
        [{"company": host.pk, "day": day.isoformat(), "start_time": "10:00", "end_time": "11:30"}]
    )
    response = client.post(reverse("events:programme", args=[event.pk]), {**data, "action": "save"})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CLOSED

    client.post(reverse("events:publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    page = client.get(reverse("events:organise", args=[event.pk])).content.decode()
    assert "Lolle Frugt" in page


def test_check_shows_conflicts_and_travel_without_saving(client, day):
    client.force_login(user := organiser())
    event = EventFactory(organiser=user)
    maribo = CompanyFactory(latitude=MARIBO[0], longitude=MARIBO[1])
    nakskov = CompanyFactory(latitude=NAKSKOV[0], longitude=NAKSKOV[1])
    data = _programme_data(
        [
            {"company": maribo.pk, "day": day, "start_time": "10:00", "end_time": "11:00"},
            {"company": nakskov.pk, "day": day, "start_time": "11:15", "end_time": "12:00"},
            {"company": nakskov.pk, "day": day, "start_time": "11:30", "end_time": "12:30"},
        ]
    )
    response = client.post(
        reverse("events:programme", args=[event.pk]), {**data, "action": "check"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="stops_overlap"' in page
    assert "32 min" in page  # Maribo to Nakskov
    assert "too short" in page or "for kort" in page
    assert not Stop.objects.exists()


def test_propose_fills_the_earliest_start_after_travel(client, day):
    client.force_login(user := organiser())
    event = EventFactory(organiser=user)
    maribo = CompanyFactory(latitude=MARIBO[0], longitude=MARIBO[1])
    nakskov = CompanyFactory(latitude=NAKSKOV[0], longitude=NAKSKOV[1])
    data = _programme_data(
        [
            {"company": maribo.pk, "day": day, "start_time": "10:00", "end_time": "11:00"},
            {"company": nakskov.pk, "day": "", "start_time": "", "end_time": ""},
        ]
    )
    response = client.post(
        reverse("events:programme", args=[event.pk]), {**data, "action": "propose"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="stops-1-start_time" value="11:35"' in page
    assert 'name="stops-1-end_time" value="13:05"' in page
    assert not Stop.objects.exists()


def test_saving_over_a_booking_shows_the_reason_and_saves_nothing(client, at, day):
    client.force_login(user := organiser())
    event = EventFactory(organiser=user)
    host = CompanyFactory(name="Bandholm Frugtplantage")
    slot = SlotFactory(tour=TourFactory(company=host), start=at(10), end=at(11))
    book(slot)
    data = _programme_data(
        [{"company": host.pk, "day": day, "start_time": "10:00", "end_time": "11:00"}]
    )
    response = client.post(reverse("events:programme", args=[event.pk]), {**data, "action": "save"})
    assert response.status_code == 400
    assert "Bandholm Frugtplantage" in response.content.decode()
    assert not Stop.objects.exists()


def test_garbage_in_the_editor_is_a_400_not_a_500(client):
    client.force_login(user := organiser())
    event = EventFactory(organiser=user)
    url = reverse("events:programme", args=[event.pk])
    bad = _programme_data([{"company": "x", "day": "31-02", "start_time": "25:99"}])
    assert client.post(url, {**bad, "action": "save"}).status_code == 400
    assert client.post(url, {"action": "save"}).status_code == 400  # no management form
    assert client.post(reverse("events:create"), {"capacity": "-1"}).status_code == 400


def test_cancelling_through_the_page_releases_the_slots(client, at):
    client.force_login(user := organiser())
    event = EventFactory(organiser=user)
    host = CompanyFactory()
    slot = SlotFactory(tour=TourFactory(company=host), start=at(10), end=at(11))
    plan_stops(event, (host, at(10), at(11)))
    client.post(reverse("events:cancel", args=[event.pk]))
    slot.refresh_from_db()
    assert slot.status == Slot.Status.SCHEDULED


# ---------------------------------------------------------------- public


def test_public_page_shows_programme_travel_and_places_left(client, published):
    response = client.get(published.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Maribo Frugt" in page and "Nakskov Vin" in page
    assert page.index("Maribo Frugt") < page.index("Nakskov Vin")
    assert "32 min" in page
    assert "data-leg" in page
    assert re.search(r"data-places>\s*10\b", page)  # places left
    assert "webcal://" in page


def test_drafts_are_not_public(client):
    assert client.get(EventFactory().get_absolute_url()).status_code == 404


def test_registration_through_the_page(client, published):
    response = client.post(
        published.get_absolute_url(),
        {
            "party_size": "3",
            "name": "Mette Jensen",
            "email": "mette@example.com",
            "organisation": "Lolland Erhverv",
            "language": "en",
        },
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    published.refresh_from_db()
    assert published.registered == 3
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "Mette Jensen" in page


def test_registration_errors_are_shown_not_raised(client, published):
    response = client.post(
        published.get_absolute_url(),
        {"party_size": "0", "name": "", "email": "nope", "language": "xx"},
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_participant_cancels_through_the_secret_link(client, published):
    registration = register(published, party_size=2)
    client.post(registration.get_absolute_url())
    registration.refresh_from_db()
    published.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert published.registered == 0
    assert client.get("/events/registration/not-a-token/").status_code == 404


def test_participant_downloads_the_invitation(client, published):
    registration = register(published)
    response = client.get(reverse("events:registration_ics", args=[registration.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.count(b"BEGIN:VEVENT") == 2


def test_event_feed_is_public_calendar_without_personal_data(client, published):
    register(published, name="Privat Person", email="privat@example.com")
    response = client.get(reverse("events:feed", args=[published.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"METHOD:PUBLISH" in response.content
    assert b"privat" not in response.content.lower()
    assert response.content.count(b"BEGIN:VEVENT") == 2


# ---------------------------------------------------------------- hosts


def test_host_accepts_through_the_secret_link(client, published):
    stop = published.stops.first()
    url = reverse("events:host", args=[stop.host_token])
    assert stop.company.name in client.get(url).content.decode()
    client.post(url, {"answer": "accept"})
    stop.refresh_from_db()
    assert stop.host_state == Stop.HostState.ACCEPTED
    assert client.post(url, {"answer": "maybe"}).status_code == 400
    assert client.get(reverse("events:host", args=["guess"])).status_code == 404


def test_the_organiser_sees_each_stops_state(client, published):
    first, second = published.stops.order_by("start")
    services.stop_answer(stop=first, accept=True)
    services.stop_answer(stop=second, accept=False)
    client.force_login(published.organiser)
    page = client.get(reverse("events:organise", args=[published.pk])).content.decode()
    assert "text-bg-success" in page and "text-bg-danger" in page


def test_too_many_rows_in_the_editor_is_a_400(client):
    client.force_login(user := organiser())
    event = EventFactory(organiser=user)
    rows = [{"company": "", "day": "", "start_time": "", "end_time": ""}] * 50
    response = client.post(
        reverse("events:programme", args=[event.pk]), {**_programme_data(rows), "action": "check"}
    )
    assert response.status_code == 400


def test_admin_pages_for_events_render(client, published):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-123456789"))
    register(published)
    for url in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[published.pk]),
        reverse("admin:events_registration_changelist"),
        reverse("admin:booking_slothold_changelist"),
    ):
        assert client.get(url).status_code == 200, url
