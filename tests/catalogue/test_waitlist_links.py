"""A full departure offers its waiting list wherever it is listed: the tour page's rows, the
company page's next departure, and its own page (issue 12, point 3)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db
LANGS = ("da", "en", "de")
JOIN = "Join the waiting list"


def _t(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def _get(client, lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def _waitlist_href(lang: str, slot) -> str:
    with translation.override(lang):
        return reverse("booking:book", kwargs={"slot_id": slot.pk}) + "#waitlist"


@pytest.fixture
def tour():
    tour = factories.TourFactory(title="Æbleplantagen")
    return tour


@pytest.mark.parametrize("lang", LANGS)
def test_a_full_row_on_the_tour_page_links_to_its_waiting_list(client, tour, lang):
    full = factories.SlotFactory(tour=tour, capacity=2)
    factories.book(full, party_size=2)
    open_slot = factories.SlotFactory(tour=tour, start=full.start.replace(hour=15), capacity=10)
    body = _get(client, lang, "catalogue:tour", pk=tour.pk)
    assert f'href="{_waitlist_href(lang, full)}"' in body
    assert _t(lang, JOIN) in body
    # Control: the departure with room offers booking, not the waiting list.
    assert f'href="{_waitlist_href(lang, open_slot)}"' not in body
    assert body.count('data-testid="waitlist-link"') == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_company_page_offers_the_waiting_list_of_a_full_next_departure(client, tour, lang):
    full = factories.SlotFactory(tour=tour, capacity=2)
    factories.book(full, party_size=2)
    body = _get(client, lang, "catalogue:company", slug=tour.company.slug)
    assert f'href="{_waitlist_href(lang, full)}"' in body


def test_the_company_page_without_a_full_departure_offers_no_waiting_list(client, tour):
    factories.SlotFactory(tour=tour, capacity=10)
    body = _get(client, "en", "catalogue:company", slug=tour.company.slug)
    assert 'data-testid="waitlist-link"' not in body


def test_the_company_page_reads_its_tours_in_bounded_queries(
    client, tour, django_assert_max_num_queries
):
    for n in range(5):
        other = factories.TourFactory(company=tour.company, title=f"Tur {n}")
        factories.book(factories.SlotFactory(tour=other, capacity=1), party_size=1)
    with django_assert_max_num_queries(6):
        client.get(reverse("catalogue:company", kwargs={"slug": tour.company.slug}))


@pytest.mark.parametrize("lang", LANGS)
def test_the_departures_own_page_has_the_waiting_list_the_links_point_to(client, tour, lang):
    full = factories.SlotFactory(tour=tour, capacity=2)
    factories.book(full, party_size=2)
    body = _get(client, lang, "booking:book", slot_id=full.pk)
    assert 'id="waitlist"' in body
    with translation.override(lang):
        assert f'action="{reverse("booking:waitlist_join", kwargs={"slot_id": full.pk})}"' in body
