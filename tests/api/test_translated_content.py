"""The API speaks the language of Accept-Language for the companies' own texts too, and says
which texts exist only in Danish."""

import pytest

from tests.factories import CompanyFactory, SlotFactory, TourFactory

pytestmark = pytest.mark.django_db


def test_tours_in_german_by_accept_language(api):
    tour = TourFactory(
        title="Æbletur", title_de="Apfeltour", description="Kun dansk.", meeting_point_de="Hof"
    )
    german = api.get(f"/api/v1/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert (german["title"], german["meeting_point"]) == ("Apfeltour", "Hof")
    assert german["description"] == "Kun dansk."
    assert german["text_languages"] == {"title": "de", "description": "da", "meeting_point": "de"}

    danish = api.get(f"/api/v1/tours/{tour.pk}/").json()
    assert danish["title"] == "Æbletur"
    assert set(danish["text_languages"].values()) == {"da"}


def test_company_texts_follow_accept_language(api):
    CompanyFactory(slug="lolle", description="Frugt.", description_en="Fruit.", parking="Laden")
    english = api.get("/api/v1/companies/lolle/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").json()
    assert english["description"] == "Fruit." and english["parking"] == "Laden"
    assert english["text_languages"]["description"] == "en"
    assert english["text_languages"]["parking"] == "da"


def test_the_slot_list_shows_the_tour_title_in_the_asked_language(api):
    SlotFactory(tour__title="Æbletur", tour__title_en="Apple tour")
    response = api.get("/api/v1/slots/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Apple tour" in response.content.decode()
    assert "Æbletur" not in response.content.decode()
