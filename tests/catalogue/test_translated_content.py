"""Tourists read the tour and company texts in their language; a text that exists only in
Danish is shown in Danish, marked lang="da" for screen readers, with a small note."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.factories import CompanyFactory, SlotFactory, TourFactory

pytestmark = pytest.mark.django_db


def _page(client, path: str) -> str:
    return client.get(path).content.decode()


def _path(obj, language: str) -> str:
    with translation.override(language):
        return obj.get_absolute_url()


def test_a_german_tour_page_shows_the_german_texts(client):
    tour = TourFactory(
        title="Æblerundvisning",
        title_de="Apfelführung",
        description="Vi går i plantagen.",
        description_de="Wir gehen durch die Plantage.",
        meeting_point="Gårdbutikken",
        meeting_point_de="Hofladen",
    )
    html = _page(client, _path(tour, "de"))
    assert "<h1>Apfelführung</h1>" in html
    assert "Wir gehen durch die Plantage." in html and "Hofladen" in html
    assert "Vi går i plantagen" not in html
    assert "nur auf Dänisch" not in html


def test_the_danish_page_of_the_same_tour_stays_danish(client):
    tour = TourFactory(title="Æblerundvisning", title_de="Apfelführung")
    html = _page(client, _path(tour, "da"))
    assert "<h1>Æblerundvisning</h1>" in html and "Apfelführung" not in html
    assert 'lang="da">' not in html.split("<body", 1)[1]


@pytest.mark.parametrize(
    ("language", "note"), [("en", "(only in Danish)"), ("de", "(nur auf Dänisch)")]
)
def test_a_tour_only_in_danish_is_marked_and_noted(client, language, note):
    tour = TourFactory(title="Æblerundvisning", description="Vi går i plantagen.")
    html = _page(client, _path(tour, language))
    assert '<h1><span lang="da">Æblerundvisning</span></h1>' in html
    assert '<span lang="da">Vi går i plantagen.</span>' in html
    assert note in html


def test_an_english_text_beside_a_danish_only_one(client):
    """Each text falls back on its own: the English title is English, the description
    that has no English is the Danish one with the note."""
    tour = TourFactory(title="Æbletur", title_en="Apple tour", description="Kun dansk.")
    html = _page(client, _path(tour, "en"))
    assert "<h1>Apple tour</h1>" in html
    assert '<span lang="da">Kun dansk.</span> <small' in html


def test_company_texts_in_english_with_danish_fallback(client):
    company = CompanyFactory(
        description="En frugtplantage.",
        description_en="An orchard.",
        parking="Ved laden",
        parking_en="By the barn",
        accessibility="Grusstier",
    )
    TourFactory(company=company, title="Æbletur", title_en="Apple tour")
    html = _page(client, _path(company, "en"))
    assert "An orchard." in html and "By the barn" in html and "Apple tour" in html
    assert '<span lang="da">Grusstier</span>' in html and "(only in Danish)" in html


def test_the_home_page_lists_tours_in_the_visitors_language(client):
    SlotFactory(tour__title="Æbletur", tour__title_de="Apfeltour")
    html = _page(client, "/de/")
    assert "Apfeltour" in html and "Æbletur" not in html


def test_text_is_escaped_in_every_language(client):
    tour = TourFactory(title="<b>Æbler</b>", description="<script>x()</script>")
    html = _page(client, _path(tour, "en"))
    assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "&lt;b&gt;Æbler&lt;/b&gt;" in html


def test_the_german_feed_has_german_titles_and_prices(client):
    slot = SlotFactory(
        tour__title="Æbletur",
        tour__title_de="Apfeltour",
        tour__meeting_point_de="Hofladen",
        tour__price=Decimal("1500"),
    )
    with translation.override("de"):
        path = reverse("catalogue:tour_feed", kwargs={"pk": slot.tour.pk})
    (event,) = Calendar.from_ical(client.get(path).content).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Apfeltour")
    assert "Hofladen" in str(event["DESCRIPTION"])
    assert "1.500\N{NO-BREAK SPACE}DKK" in str(event["DESCRIPTION"])
    danish = Calendar.from_ical(client.get(path.removeprefix("/de")).content)
    assert str(danish.walk("VEVENT")[0]["SUMMARY"]).startswith("Æbletur")


def test_tours_are_listed_in_the_order_of_the_titles_shown(client):
    """On the English page an untranslated tour sorts by its Danish title, among the
    translated ones, not after them all."""
    company = CompanyFactory()
    TourFactory(company=company, title="Zebraæbler", title_en="Banana walk")
    TourFactory(company=company, title="Appelsinlunden")
    TourFactory(company=company, title="Citronhaven", title_en="Cherry tour")
    html = _page(client, _path(company, "en"))
    positions = [html.index(t) for t in ("Appelsinlunden", "Banana walk", "Cherry tour")]
    assert positions == sorted(positions)
    danish = _page(client, _path(company, "da"))
    positions = [danish.index(t) for t in ("Appelsinlunden", "Citronhaven", "Zebraæbler")]
    assert positions == sorted(positions)
