"""Organisers write the event's texts in Danish, English and German side by side; the
participant's page and mail read their language, with Danish (marked) where a text has no
translation."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Event
from tests.events.test_views import _programme_data
from tests.factories import CompanyFactory, organiser

pytestmark = pytest.mark.django_db


def _create(client, day, **texts):
    data = {
        "title": "Innovationsstafetten",
        "capacity": "25",
        "registration_deadline": f"{day.isoformat()}T08:00",
        "meeting_point": "Maribo Station",
        "travel": "bus",
        **texts,
    }
    return client.post(reverse("events:create"), data)


def test_the_event_form_has_the_texts_side_by_side(client):
    client.force_login(organiser())
    html = client.get(reverse("events:create")).content.decode()
    for name in ("title", "title_en", "title_de", "meeting_point_en", "description_de"):
        assert f'name="{name}"' in html
    assert "(Dansk)" in html and "(Tysk)" in html


def test_an_event_in_three_languages_and_its_programme(client, day, at):
    client.force_login(organiser())
    response = _create(
        client,
        day,
        title_en="The innovation relay",
        title_de="Der Innovationsstaffellauf",
        meeting_point_de="Bahnhof Maribo",
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.title_da, event.title_en, event.title_de) == (
        "Innovationsstafetten",
        "The innovation relay",
        "Der Innovationsstaffellauf",
    )
    host = CompanyFactory(name="Lolle Frugt")
    row = {"company": host.pk, "day": day.isoformat(), "start_time": "10:00"}
    row |= {"end_time": "11:30", "activity": "Smagning", "activity_de": "Verkostung"}
    url = reverse("events:programme", args=[event.pk])
    assert client.post(url, {**_programme_data([row]), "action": "save"}).status_code == 302
    stop = event.stops.get()
    assert (stop.activity_da, stop.activity_de) == ("Smagning", "Verkostung")
    client.post(reverse("events:publish", args=[event.pk]))

    with translation.override("de"):
        german = client.get(event.get_absolute_url()).content.decode()
    assert "Der Innovationsstaffellauf" in german and "Bahnhof Maribo" in german
    assert "Verkostung" in german and "Smagning" not in german
    with translation.override("en"):
        english = client.get(event.get_absolute_url()).content.decode()
    assert "The innovation relay" in english
    assert '<span lang="da">Smagning</span>' in english and "(only in Danish)" in english


def test_editing_under_english_keeps_the_danish_texts(client, day):
    client.force_login(organiser())
    _create(client, day)
    event = Event.objects.get()
    with translation.override("en"):
        url = reverse("events:edit", args=[event.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items()}
    data["registration_deadline"] = f"{day.isoformat()}T08:00"
    data["title_en"] = "The relay"
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.title_da, event.title_en) == ("Innovationsstafetten", "The relay")
