"""The company edits what visitors read before coming (what to bring, the tour's own
parking and accessibility, the meeting point and its place on the map) in Danish, English
and German from the workspace tour form, and the tour page shows what was saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.workspace.test_views import _tour_data
from tours.models import Tour

pytestmark = pytest.mark.django_db

TEXTS = {
    "meeting_point_da": "P-pladsen ved kirsebærmarken",
    "meeting_point_en": "The car park by the cherry field",
    "meeting_point_de": "Parkplatz am Kirschfeld",
    "what_to_bring_da": "Gummistøvler og en kurv.",
    "what_to_bring_en": "Boots and a basket.",
    "what_to_bring_de": "Gummistiefel und einen Korb.",
    "parking_da": "Parkér på græsset langs Skovvej.",
    "parking_en": "Park on the grass along Skovvej.",
    "parking_de": "Parken Sie auf der Wiese am Skovvej.",
    "accessibility_da": "Markveje med grus; ikke til kørestol.",
    "accessibility_en": "Gravel farm tracks; not for wheelchairs.",
    "accessibility_de": "Schotterwege; nicht für Rollstühle geeignet.",
}


def test_the_form_offers_every_text_in_three_languages(client, world):
    client.force_login(world.staff_a)
    html = client.get(reverse("workspace:tour_edit", kwargs={"pk": world.tour_a.pk}))
    html = html.content.decode()
    for name in TEXTS:
        assert f'name="{name}"' in html
    assert 'name="meeting_position"' in html
    assert "What to bring (English)" in html or "Det skal gæsterne have med (Engelsk)" in html


def test_every_language_is_saved_and_shown_on_the_tour_page(client, world):
    client.force_login(world.staff_a)
    edit = reverse("workspace:tour_edit", kwargs={"pk": world.tour_a.pk})
    data = _tour_data(
        kind="open",
        **TEXTS,
        meeting_position="https://www.openstreetmap.org/#map=17/54.71234/11.45678",
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    tour = Tour.objects.get(pk=world.tour_a.pk)
    for name, text in TEXTS.items():
        assert getattr(tour, name) == text
    assert (tour.meeting_latitude, tour.meeting_longitude) == (
        Decimal("54.71234"),
        Decimal("11.45678"),
    )
    tour.published = True
    tour.save()
    for language, words in (
        ("da", ("Gummistøvler", "Parkér på græsset", "ikke til kørestol")),
        ("en", ("Boots and a basket.", "Park on the grass", "not for wheelchairs")),
        ("de", ("Gummistiefel", "Parken Sie", "nicht für Rollstühle")),
    ):
        with translation.override(language):
            html = client.get(tour.get_absolute_url()).content.decode()
        for word in words:
            assert word in html, (language, word)
        assert "mlat=54.71234&amp;mlon=11.45678" in html


def test_the_form_shows_the_saved_position_and_an_empty_one_clears_it(client, world):
    tour = world.tour_a
    tour.meeting_latitude, tour.meeting_longitude = Decimal("54.70000"), Decimal("11.40000")
    tour.save()
    client.force_login(world.staff_a)
    edit = reverse("workspace:tour_edit", kwargs={"pk": tour.pk})
    assert 'value="54.70000, 11.40000"' in client.get(edit).content.decode()
    assert client.post(edit, _tour_data(meeting_position="")).status_code == 302
    tour.refresh_from_db()
    assert (tour.meeting_latitude, tour.meeting_longitude) == (None, None)


def test_an_english_text_without_the_danish_one_is_refused(client, world):
    client.force_login(world.staff_a)
    edit = reverse("workspace:tour_edit", kwargs={"pk": world.tour_a.pk})
    with translation.override("en"):
        response = client.post(edit, _tour_data(what_to_bring_en="Boots."))
    assert response.status_code == 400
    assert "what_to_bring_da" in response.context["form"].errors
    assert not Tour.objects.get(pk=world.tour_a.pk).what_to_bring_en


def test_a_position_that_cannot_be_read_is_a_clear_error_not_a_500(client, world):
    client.force_login(world.staff_a)
    edit = reverse("workspace:tour_edit", kwargs={"pk": world.tour_a.pk})
    response = client.post(edit, _tour_data(meeting_position="somewhere nice"))
    assert response.status_code == 400
    assert "meeting_position" in response.context["form"].errors
    tour = Tour.objects.get(pk=world.tour_a.pk)
    assert tour.meeting_latitude is None
