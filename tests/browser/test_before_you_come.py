"""On a phone the tour page's "before you come" block stands near the top, before the
calendar, fits the screen, and the page asks nothing of another site; the map links are
there but are not followed (issue 14, point 6)."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from tests.factories import CompanyFactory, SlotFactory, TourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {"da": "Før du kommer", "en": "Before you come", "de": "Vor Ihrem Besuch"}


def _tour():
    company = CompanyFactory(
        name="Vineriet Frederiksdal",
        latitude=Decimal("54.90800"),
        longitude=Decimal("11.25000"),
        parking="Parkering ved gården, også til busser.",
        facilities="Smagning kun for voksne over 18 år. Gårdbutik med kirsebærvin og most.",
    )
    tour = TourFactory(
        company=company,
        title="Rundvisning og kirsebærvinsmagning",
        languages=["da", "en", "de"],
        what_to_bring="Fast fodtøj: trappen ned til kælderen er stejl.",
        what_to_bring_en="Sturdy shoes: the stairs down to the cellar are steep.",
        accessibility="Kælderen nås kun ad en stejl trappe; smagningen kan holdes i stueetagen.",
        cancellation_deadline=timedelta(days=2),
    )
    SlotFactory(tour=tour)
    return tour


@pytest.mark.parametrize("lang", ["da", "en", "de"])
def test_on_a_phone_the_facts_come_before_the_dates_and_fit_the_screen(live_server, browser, lang):
    tour = _tour()
    locale = {"da": "da-DK", "en": "en-GB", "de": "de-DE"}[lang]
    context = browser.new_context(locale=locale, viewport={"width": 360, "height": 740})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    prefix = "" if lang == "da" else f"/{lang}"
    page.goto(f"{live_server.url}{prefix}/tours/{tour.pk}/")

    facts = page.get_by_test_id("tour-facts")
    assert facts.get_by_role("heading", name=HEADINGS[lang]).is_visible()
    dates = page.locator("#dates")
    assert facts.bounding_box()["y"] < dates.bounding_box()["y"]
    box = facts.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Every row of the list is visible, each label with its icon beside it.
    labels = facts.locator("dt")
    assert labels.count() >= 8
    assert facts.locator("dt svg.icon").count() == labels.count()

    osm = page.get_by_test_id("osm-link")
    assert osm.get_attribute("target") == "_blank"
    assert "noopener" in osm.get_attribute("rel")
    assert urlsplit(osm.get_attribute("href")).netloc == "www.openstreetmap.org"

    server = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requested if url.startswith("http")} == {server}
    context.close()


def test_on_a_desktop_the_facts_stand_beside_the_dates(live_server, page):
    tour = _tour()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/tours/{tour.pk}/")
    facts = page.get_by_test_id("tour-facts").bounding_box()
    dates = page.locator("#dates").bounding_box()
    assert facts["x"] > dates["x"] + dates["width"] - 1
    assert facts["y"] < dates["y"]
