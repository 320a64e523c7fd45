"""Photos in the catalogue API: each tour and company lists its photos in its order, with the
description in the language asked and the absolute address of every file."""

import secrets

import pytest

from tests.factories import TourFactory
from tours.models import CompanyPhoto, TourPhoto

pytestmark = pytest.mark.django_db


def _photo(model, position=0, **owner):
    return model.objects.create(
        key=secrets.token_urlsafe(16), width=1000, height=667, widths=[320, 640, 1000],
        alt_da="Æbletræer", alt_en="Apple trees", alt_de="Apfelbäume", position=position,
        **owner,
    )  # fmt: skip


def test_tours_and_companies_list_their_photos_in_order(api):
    tour = TourFactory()
    second = _photo(TourPhoto, position=1, tour=tour)
    first = _photo(TourPhoto, position=0, tour=tour)
    own = _photo(CompanyPhoto, company=tour.company)

    body = api.get(f"/api/v1/tours/{tour.pk}/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert [p["files"][0]["webp"].split("/")[-2] for p in body["photos"]] == [
        first.key,
        second.key,
    ]
    photo = body["photos"][0]
    assert (photo["alt"], photo["width"], photo["height"]) == ("Apfelbäume", 1000, 667)
    assert photo["files"] == [
        {
            "width": w,
            "webp": f"http://testserver/media/photos/{first.key}/{w}.webp",
            "jpeg": f"http://testserver/media/photos/{first.key}/{w}.jpg",
        }
        for w in (320, 640, 1000)
    ]
    company = api.get(f"/api/v1/companies/{tour.company.slug}/").json()
    assert [p["alt"] for p in company["photos"]] == ["Æbletræer"]
    assert own.key in company["photos"][0]["files"][-1]["jpeg"]
    assert (
        api.get("/api/v1/tours/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["photos"][0][
            "alt"
        ]
        == "Apple trees"
    )
