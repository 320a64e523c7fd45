"""The tour page tells a visitor what they need before coming, in their language (issue 14,
point 6): duration, meeting point with a link to OpenStreetMap (a link, never tiles from
there), parking, accessibility, languages, what to bring and the cancellation terms."""

import re
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CompanyFactory, SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db


def _tour(**fields):
    company = CompanyFactory(
        name="Lolle Frugt",
        phone="+45 54 70 12 34",
        latitude=Decimal("54.77640"),
        longitude=Decimal("11.50120"),
        parking="Gratis parkering ved gårdbutikken.",
        parking_de="Kostenlose Parkplätze am Hofladen.",
        accessibility="Grusstier; kørestol kan følge hovedstien.",
        facilities="Toilet i gårdbutikken.",
    )
    defaults = {
        "company": company,
        "languages": ["da", "de"],
        "duration": timedelta(minutes=90),
        "meeting_point": "Gårdbutikken",
        "meeting_point_en": "The farm shop",
        "meeting_point_de": "Der Hofladen",
        "what_to_bring": "Gummistøvler og en kurv.",
        "what_to_bring_en": "Boots and a basket.",
        "cancellation_deadline": timedelta(hours=24),
        "booking_cutoff": timedelta(hours=2),
    }
    return TourFactory(**(defaults | fields))


def _page(client, tour, language: str) -> str:
    with translation.override(language):
        path = tour.get_absolute_url()
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _block(html: str, testid: str) -> str:
    match = re.search(rf'<dd data-testid="{testid}">(.*?)</dd>', html, re.S)
    assert match, testid
    return match.group(1)


def test_the_english_page_in_english_with_danish_texts_marked(client):
    html = _page(client, _tour(), "en")
    assert "Before you come" in html
    assert _block(html, "duration") == "1 hour 30 minutes"
    assert "The farm shop" in _block(html, "meeting-point")
    assert "Boots and a basket." in _block(html, "what-to-bring")
    # Parking and accessibility exist only in Danish: shown in Danish, marked and noted as
    # the {% content %} tag does everywhere.
    parking = _block(html, "parking")
    assert '<span lang="da">Gratis parkering ved gårdbutikken.</span>' in parking
    assert "(only in Danish)" in parking
    assert '<span lang="da">' in _block(html, "accessibility")
    languages = _block(html, "languages")
    assert "Danish, German" in languages
    assert "This visit is not given in English." in languages
    assert (
        "You can change or cancel your booking free of charge up to 24 hours before the start, "
        "on your booking page. After that, please call Lolle Frugt on +45 54 70 12 34."
    ) in _block(html, "cancellation")
    assert "Online booking closes 2 hours before the start" in html


def test_the_german_page_in_german(client):
    html = _page(client, _tour(cancellation_deadline=timedelta(days=2)), "de")
    assert "Vor Ihrem Besuch" in html
    assert _block(html, "duration") == "1 Stunde und 30 Minuten"
    assert "Der Hofladen" in _block(html, "meeting-point")
    assert _block(html, "parking") == "Kostenlose Parkplätze am Hofladen."
    assert "nur auf Dänisch" in _block(html, "what-to-bring")
    languages = _block(html, "languages")
    assert "Dänisch, Deutsch" in languages and "nicht auf Deutsch" not in languages
    assert "bis 2 Tage vor Beginn kostenlos" in _block(html, "cancellation")


def test_the_danish_page_in_danish_without_notes(client):
    html = _page(client, _tour(cancellation_deadline=timedelta(hours=1)), "da")
    assert "Før du kommer" in html
    assert _block(html, "duration") == "1 time og 30 minutter"
    assert _block(html, "what-to-bring") == "Gummistøvler og en kurv."
    assert "indtil 1 time før starten" in _block(html, "cancellation")
    assert "kun på dansk" not in html
    assert '<span lang="da">' not in html


def test_a_tour_with_its_own_parking_and_accessibility_shows_them_instead(client):
    tour = _tour(
        parking="Parkér ved marken på Skovvej.",
        parking_en="Park by the field on Skovvej.",
        accessibility="Markvej, ikke egnet til kørestol.",
    )
    html = _page(client, tour, "en")
    assert _block(html, "parking") == "Park by the field on Skovvej."
    assert "Markvej, ikke egnet til kørestol." in _block(html, "accessibility")
    assert "gårdbutikken" not in _block(html, "parking")


def test_empty_texts_leave_their_rows_out(client):
    tour = _tour(what_to_bring="", what_to_bring_en="")
    tour.company.parking = tour.company.parking_da = tour.company.parking_de = ""
    tour.company.save()
    html = _page(client, tour, "en")
    assert 'data-testid="what-to-bring"' not in html and 'data-testid="parking"' not in html


def _links(html: str) -> list[dict]:
    class Links(HTMLParser):
        found: list[dict] = []

        def handle_starttag(self, tag, attrs):
            self.found.append({"tag": tag, **dict(attrs)})

    parser = Links()
    parser.found = []
    parser.feed(html)
    return parser.found


def test_the_openstreetmap_link_opens_the_meeting_point_in_a_new_tab(client):
    html = _page(client, _tour(), "en")
    link = next(t for t in _links(html) if t.get("data-testid") == "osm-link")
    assert link["href"] == (
        "https://www.openstreetmap.org/?mlat=54.77640&mlon=11.50120#map=16/54.77640/11.50120"
    )
    assert link["target"] == "_blank" and "noopener" in link["rel"].split()
    assert "another website, in a new tab" in html


def test_a_tours_own_meeting_position_is_the_one_linked(client):
    tour = _tour(meeting_latitude=Decimal("54.78001"), meeting_longitude=Decimal("11.49002"))
    html = _page(client, tour, "da")
    link = next(t for t in _links(html) if t.get("data-testid") == "osm-link")
    assert "mlat=54.78001&mlon=11.49002" in link["href"]
    directions = next(t for t in _links(html) if t.get("data-testid") == "directions-link")
    assert directions["href"].endswith("route=%3B54.78001%2C11.49002")


def test_nothing_on_the_page_is_loaded_from_another_site(client):
    """Links to OpenStreetMap, never its tiles: no element that loads anything names another
    host. The control: the same check finds an embedded map when one is there."""
    html = _page(client, _tour(), "de")
    assert _loaded_from_elsewhere(html) == []
    assert "openstreetmap.org" in html  # the links are there
    embedded = html.replace(
        "</dl>", '<iframe src="https://www.openstreetmap.org/export/embed.html"></iframe></dl>'
    )
    assert _loaded_from_elsewhere(embedded) == ["https://www.openstreetmap.org/export/embed.html"]


def _loaded_from_elsewhere(html: str) -> list[str]:
    loaders = {"img": "src", "iframe": "src", "script": "src", "link": "href", "source": "src"}
    loaded = []
    for tag in _links(html):
        attribute = loaders.get(tag["tag"])
        value = tag.get(attribute or "", "") or ""
        if tag["tag"] in ("img", "source") and tag.get("srcset"):
            value = tag["srcset"]
        if re.match(r"(https?:)?//", value):
            loaded.append(value)
    return loaded


def test_the_booking_form_and_the_visitors_page_show_the_same_terms(client):
    tour = _tour()
    slot = SlotFactory(tour=tour, start=SlotFactory.build().start + timedelta(days=2))
    with translation.override("en"):
        form = client.get(reverse("booking:book", args=[slot.pk])).content.decode()
    assert "free of charge up to 24 hours before the start" in form
    booking = book(slot)
    with translation.override("en"):
        manage = client.get(reverse("booking:manage", args=[booking.token])).content.decode()
    assert "free of charge up to 24 hours before the start" in manage


def test_the_company_pages_map_link_also_says_it_leaves_the_site(client):
    tour = _tour()
    with translation.override("de"):
        html = client.get(tour.company.get_absolute_url()).content.decode()
    link = next(t for t in _links(html) if t.get("data-testid") == "osm-link")
    assert link["href"].startswith("https://www.openstreetmap.org/?mlat=54.7764")
    assert link["target"] == "_blank" and "noopener" in link["rel"].split()
    assert "eine andere Website, in einem neuen Tab" in html
    assert _loaded_from_elsewhere(html) == []
