"""Every list and card shows the price, in the page's language: the home page's departures
and company cards ("fra 75 kr. pr. person", the lowest of the company's published tours),
the company page's tours, the tour page near the top (before its dates: on a phone the
facts card comes last), and the widget's departures and confirmation."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CompanyFactory, GroupTourFactory, SlotFactory, TourFactory

pytestmark = pytest.mark.django_db
NBSP = "\N{NO-BREAK SPACE}"
PERSON = {
    "da": f"75{NBSP}kr. pr. person",
    "en": f"DKK{NBSP}75 per person",
    "de": f"75{NBSP}DKK pro Person",
}
FROM = {
    "da": f"fra 75{NBSP}kr. pr. person",
    "en": f"from DKK{NBSP}75 per person",
    "de": f"ab 75{NBSP}DKK pro Person",
}
GROUP = {
    "da": f"1.500{NBSP}kr. pr. gruppe",
    "en": f"DKK{NBSP}1,500 per group",
    "de": f"1.500{NBSP}DKK pro Gruppe",
}
LANGS = ["da", "en", "de"]


def _get(client, name: str, language: str, *args, **params) -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _testids(html: str, testid: str) -> list[str]:
    found = re.findall(rf'data-testid="{testid}"[^>]*>(.*?)</', html, re.S)
    return [text.strip() for text in found]


@pytest.fixture
def company():
    company = CompanyFactory(widget_origins="https://www.gaard.dk")
    cheap = TourFactory(company=company, price=Decimal("75"))
    TourFactory(company=company, price=Decimal("120"))
    GroupTourFactory(company=company, price=Decimal("1500"))
    TourFactory(company=company, price=Decimal("10"), published=False)  # not offered
    SlotFactory(tour=cheap)
    return company


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_each_departures_price_and_each_companys_from_price(client, company, lang):
    html = _get(client, "catalogue:home", lang)
    assert PERSON[lang] in _testids(html, "price")
    assert _testids(html, "price-from") == [FROM[lang]]


@pytest.mark.parametrize("lang", LANGS)
def test_company_page_prices_each_tour(client, company, lang):
    html = _get(client, "catalogue:company", lang, company.slug)
    assert sorted(_testids(html, "price")) == sorted(
        [PERSON[lang], PERSON[lang].replace("75", "120"), GROUP[lang]]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_tour_page_shows_the_price_before_the_dates(client, lang):
    tour = GroupTourFactory(price=Decimal("1500"))
    for day in range(1, 13):  # twelve rows of dates, as the issue found them
        SlotFactory(tour=tour, start=SlotFactory.start.function() + day * tour.duration * 2)
    html = _get(client, "catalogue:tour", lang, tour.pk)
    (top,) = re.findall(r'data-testid="tour-price".*?</p>', html, re.S)
    assert GROUP[lang] in top
    assert html.index('data-testid="tour-price"') < html.index('id="dates"')


def test_a_free_tour_says_free(client):
    tour = TourFactory(price=Decimal("0"))
    SlotFactory(tour=tour)
    assert "Gratis" in re.sub(r"<[^>]+>", "", _get(client, "catalogue:tour", "da", tour.pk))
    assert "Kostenlos" in _testids(_get(client, "catalogue:home", "de"), "price")


def test_a_company_with_group_visits_only_is_from_its_lowest_group_price(client):
    company = CompanyFactory()
    GroupTourFactory(company=company, price=Decimal("2000"))
    GroupTourFactory(company=company, price=Decimal("1500"))
    assert _testids(_get(client, "catalogue:home", "da"), "price-from") == [
        f"fra 1.500{NBSP}kr. pr. gruppe"
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_widget_lists_prices_and_confirms_the_total(client, company, lang):
    html = _get(client, "widget:company", lang, company.slug, lang=lang)
    assert PERSON[lang] in _testids(html, "price")
    slot = company.tours.get(price=Decimal("75")).slots.get()
    page = client.get(reverse("widget:book", args=[slot.pk]), {"lang": lang})
    fields = dict(
        re.findall(r'name="(widget_token|submission_id)" value="([^"]+)"', page.content.decode())
    )
    response = client.post(
        reverse("widget:book", args=[slot.pk]),
        {
            "party_size": "3",
            "name": "Anne Hansen",
            "email": "anne@example.com",
            "phone": "",
            "organisation": "",
            "language": lang,
            "note": "",
            **fields,
        },
    )
    (total,) = re.findall(r'data-testid="total">(.*?)</p>', response.content.decode(), re.S)
    total = re.sub(r"<[^>]+>", "", total)
    three = PERSON[lang].split(" p")[0]  # "75 kr." / "DKK 75" / "75 DKK"
    assert f"3 × {three} = " in total  # noqa: RUF001
