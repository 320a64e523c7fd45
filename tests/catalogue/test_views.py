"""Public pages: what a visitor sees, in bounded queries, and nothing unpublished."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import CompanyFactory, SlotFactory, TourFactory, book
from tours.models import Slot

pytestmark = pytest.mark.django_db


def test_home_lists_companies_and_the_next_bookable_tours(client):
    slot = SlotFactory(tour__title="Æbletur", tour__company__name="Lolle Frugt")
    SlotFactory(tour__title="Skjult tur", tour__published=False)
    html = client.get("/").content.decode()
    assert "Lolle Frugt" in html and "Æbletur" in html
    assert reverse("booking:book", args=[slot.pk]) in html
    assert "Skjult tur" not in html


def test_company_page_shows_visitor_information(client):
    company = CompanyFactory(parking="Ved gårdbutikken", accessibility="Jævne stier")
    TourFactory(company=company, title="Synlig")
    TourFactory(company=company, title="Kladde", published=False)
    html = client.get(company.get_absolute_url()).content.decode()
    assert "Ved gårdbutikken" in html and "Jævne stier" in html
    assert "Synlig" in html and "Kladde" not in html


def test_tour_page_shows_places_left_and_hides_cancelled_slots(client):
    tour = TourFactory()
    open_slot = SlotFactory(tour=tour, capacity=10)
    book(open_slot, party_size=3)
    full = SlotFactory(tour=tour, capacity=2, start=open_slot.start + timedelta(days=1))
    book(full, party_size=2)
    SlotFactory(tour=tour, status=Slot.Status.CANCELLED, start=open_slot.start + timedelta(days=2))
    with translation.override("en"):
        url = reverse("catalogue:tour", args=[tour.pk])
        html = client.get(url, {"view": "list"}).content.decode()
    assert "7 places left" in html
    assert "Fully booked" in html
    assert reverse("booking:book", args=[open_slot.pk]) in html
    # The full departure is not offered for booking, but its waiting list is (issue 12).
    with translation.override("en"):
        full_page = reverse("booking:book", args=[full.pk])
    assert f'href="{full_page}"' not in html
    assert f'href="{full_page}#waitlist"' in html


def test_tour_page_pages_by_two_weeks(client):
    tour = TourFactory()
    later = SlotFactory(tour=tour, start=timezone.now() + timedelta(days=20))
    url = reverse("catalogue:tour", args=[tour.pk])
    listed = client.get(url, {"view": "list"}).content.decode()
    assert reverse("booking:book", args=[later.pk]) not in listed
    day = (timezone.localdate() + timedelta(days=14)).isoformat()
    assert (
        reverse("booking:book", args=[later.pk]) in client.get(f"{url}?from={day}").content.decode()
    )
    assert client.get(f"{url}?from=not-a-date").status_code == 200


def test_unpublished_or_unknown_tour_is_404(client):
    assert (
        client.get(reverse("catalogue:tour", args=[TourFactory(published=False).pk])).status_code
        == 404
    )
    assert client.get(reverse("catalogue:tour", args=[987654])).status_code == 404
    assert client.get("/companies/no-such-company/").status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_pages_answer_in_bounded_queries(client, django_assert_max_num_queries, count):
    tour = TourFactory()
    start = timezone.now() + timedelta(days=1)
    for n in range(count):
        slot = SlotFactory(tour=tour, start=start + timedelta(hours=3 * n))
        book(slot, party_size=1)
        CompanyFactory()
    # Session and i18n reads included; the same bound for 1 and for 50 objects.
    # The tour page's calendar looks a month further when this one has no room left
    # (tests/catalogue/test_calendar.py counts its queries).
    with django_assert_max_num_queries(8):
        assert client.get(reverse("catalogue:tour", args=[tour.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(tour.company.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("prefix", "lang"), [("", "da"), ("/en", "en"), ("/de", "de")])
def test_pages_come_in_three_languages(client, prefix, lang):
    html = client.get(f"{prefix}/").content.decode()
    assert f'<html lang="{lang}">' in html


def test_static_assets_are_served_by_the_project(client):
    html = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "//cdn" not in html and "https://" not in html.split("<body")[0]
