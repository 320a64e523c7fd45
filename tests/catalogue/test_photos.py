"""The public pages' pictures: each company card, tour card and tour page has its photo or
its drawing, never a broken image, in a number of queries that does not grow with the
number of companies, tours or photos."""

import re
import secrets

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory, TourFactory
from tours.models import Company, CompanyPhoto, TourPhoto

pytestmark = pytest.mark.django_db


def _photo(model, **owner):
    # A row as tours.photos writes it; the pages only read the row, not the files.
    return model.objects.create(
        key=secrets.token_urlsafe(16), width=1280, height=853, widths=[320, 640, 1280],
        alt_da="Æbletræer", alt_en="Apple trees", alt_de="Apfelbäume", **owner,
    )  # fmt: skip


@pytest.mark.parametrize("count", [1, 30])
def test_pictures_cost_the_same_queries_for_1_and_30(client, django_assert_max_num_queries, count):
    company = CompanyFactory()
    for n in range(count):
        tour = TourFactory(company=company)
        if n % 2:
            _photo(TourPhoto, tour=tour)
            _photo(TourPhoto, tour=tour)
        other = CompanyFactory(farm_kind=Company.FarmKind.BEES)
        if n % 3:
            _photo(CompanyPhoto, company=other)
    _photo(CompanyPhoto, company=company)
    with django_assert_max_num_queries(7):
        home = client.get("/").content.decode()
    with django_assert_max_num_queries(7):
        page = client.get(company.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(7):
        client.get(reverse("catalogue:tour", args=[tour.pk]))
    # Every card has a picture: a photo or the company's drawing.
    cards = home.count('class="col"><div class="card')
    assert home.count("<picture") + home.count("kb-placeholder") >= cards == count + 1
    assert "placeholders/bees.svg" in home if count > 1 else True
    # Each of the company's tours has its thumbnail: its own photo or the company's.
    assert len(re.findall(r"kb-picture-thumb", page)) == count


def test_the_tour_page_shows_its_first_photo_large_and_the_rest_as_a_gallery(client):
    tour = TourFactory()
    first, second, third = (_photo(TourPhoto, tour=tour, position=n) for n in range(3))
    html = client.get(reverse("catalogue:tour", args=[tour.pk])).content.decode()
    hero = html.index(f"/media/photos/{first.key}/640.jpg")
    gallery = html.index('class="kb-gallery')
    assert hero < gallery < html.index(second.key) < html.index(third.key)
    assert f'href="/media/photos/{second.key}/1280.jpg"' in html
    # The main picture is not lazy (it is the page's largest paint); the gallery's are.
    main = html[html.rindex("<picture", 0, hero) : html.index("</picture>", hero)]
    assert 'loading="lazy"' not in main
    assert html[gallery:].count('loading="lazy"') >= 2


def test_a_tour_without_any_photo_shows_the_drawing_of_its_farm(client):
    tour = TourFactory(company__farm_kind=Company.FarmKind.GREENHOUSE)
    html = client.get(reverse("catalogue:tour", args=[tour.pk])).content.decode()
    assert 'src="/static/img/placeholders/greenhouse.svg"' in html
    assert "<picture" not in html
