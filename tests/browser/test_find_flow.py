"""The issue's story in real Chromium on a 360 px phone: a German family of four looks for a
strawberry tour on Saturday with the filters, opens the departure that has room for them
and books it (docs/finding.md)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from booking.models import Booking
from tests.factories import GroupTourFactory, SlotFactory, TourFactory, book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _saturday():
    today = timezone.localdate()
    return today + timedelta(days=(5 - today.weekday()) % 7 + 7)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _de(text: str) -> str:
    with translation.override("de"):
        return gettext(text)


def test_a_family_of_four_finds_and_books_a_saturday_strawberry_tour_on_a_phone(live_server, page):
    saturday = _saturday()
    strawberries = TourFactory(
        title="Jordbær i tunneller",
        title_de="Erdbeeren im Folientunnel",
        description_de="Führung durch die Erdbeertunnel: Sorten, Bestäubung und Pflücken.",
        company__name="Engvang Frugt & Specialiteter",
        company__municipality="Stevns Kommune",
        languages=["da", "de"],
        price=60,
    )
    morning = SlotFactory(tour=strawberries, start=_at(saturday, 10), capacity=20)
    afternoon = SlotFactory(tour=strawberries, start=_at(saturday, 15), capacity=5)
    book(afternoon, party_size=2)  # 3 left: too few for four
    SlotFactory(tour=strawberries, start=_at(saturday - timedelta(days=1), 10))  # a Friday
    SlotFactory(
        tour__title="Æbler og most", tour__title_de="Äpfel und Most", start=_at(saturday, 11)
    )
    SlotFactory(tour=GroupTourFactory(title="Gruppebesøg"), start=_at(saturday, 9))

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/de/")
    # The home page's short form: the day, the party, the kind of visit.
    home_form = page.get_by_role("search", name=_de("Find a visit"))
    home_form.get_by_label(_de("Date")).fill(saturday.isoformat())
    home_form.get_by_label(_de("Number of people")).fill("4")
    home_form.get_by_label(_de("Kind of visit")).select_option("open")
    home_form.get_by_role("button", name=_de("Show visits")).click()

    page.wait_for_url("**/de/visits/?**")
    heading = page.locator("#results-heading")
    assert heading.inner_text() == "2 Besuche gefunden"
    # Too many to choose from: one word more, typed into the filters.
    page.locator("details.filters > summary").click()
    page.get_by_label(_de("Search")).fill("Erdbeere")
    page.get_by_role("button", name=_de("Show visits")).click()
    page.wait_for_url("**q=Erdbeere**")
    assert heading.inner_text() == "1 Besuch gefunden"
    card = page.locator(".visit-card")
    assert card.locator("h3").inner_text() == "Erdbeeren im Folientunnel"
    assert "240" in card.inner_text()  # the total for four at 60 DKK
    # Only the departure with room for four, and nothing runs off the phone's screen.
    departures = card.locator(".visit-departures li")
    assert departures.count() == 1
    assert "10:00" in departures.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The chips show what is asked, each a link without it.
    chips = page.get_by_role("list", name=_de("Filters in use"))
    assert "„Erdbeere“" in chips.inner_text()

    departures.get_by_role("link").click()
    page.wait_for_url(f"**/de/book/{morning.pk}/?people=4")
    size = page.get_by_label(_de("Number of people"))
    assert size.input_value() == "4"
    page.get_by_label(_de("Your name")).fill("Familie Müller")
    page.get_by_role("textbox", name=_de("E-mail")).fill("mueller@example.de")
    page.get_by_role("button", name=_de("Book")).click()
    page.get_by_test_id("reference").wait_for()
    booking = Booking.objects.get(slot=morning)
    assert (booking.party_size, booking.language) == (4, "de")
