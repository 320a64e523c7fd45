"""The demo's own pictures: painted in code, the same pixels every time, attached once to
the demo companies and tours through the upload's service, with descriptions in every
language."""

import hashlib

import pytest

from demo import photos as demo_photos
from tests.factories import CompanyFactory, TourFactory
from tours.models import Company

pytestmark = pytest.mark.django_db


def test_each_scene_is_painted_the_same_every_time():
    first = demo_photos.SCENES["bees"](demo_photos.random.Random(7)).tobytes()
    again = demo_photos.SCENES["bees"](demo_photos.random.Random(7)).tobytes()
    other = demo_photos.SCENES["bees"](demo_photos.random.Random(8)).tobytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(again).digest()
    assert first != other


def test_demo_companies_and_tours_get_their_photos_once():
    company = CompanyFactory(slug="honningpigen")
    tour = TourFactory(company=company, title="En eftermiddag i bigården")
    untouched = CompanyFactory()
    assert demo_photos.load_demo_photos() == 2
    company.refresh_from_db()
    assert company.farm_kind == Company.FarmKind.BEES
    (own,) = company.photos.all()
    (tour_photo,) = tour.photos.all()
    for photo in (own, tour_photo):
        assert photo.widths == [320, 640, 1280]
        assert all(getattr(photo, f"alt_{lang}") for lang in ("da", "en", "de"))
    assert demo_photos.load_demo_photos() == 0
    assert not untouched.photos.exists()


def test_every_demo_company_has_a_kind_and_every_scene_exists():
    from demo.companies import COMPANIES

    assert set(demo_photos.DEMO) == {plan.slug for plan in COMPANIES}
    titles = {tour.title for plan in COMPANIES for tour in plan.tours}
    for kind, own, by_tour in demo_photos.DEMO.values():
        assert kind in Company.FarmKind.values
        assert set(by_tour) <= titles
        for scene, _seed, alts in [*own, *(p for ps in by_tour.values() for p in ps)]:
            assert scene in demo_photos.SCENES and set(alts) == {"da", "en", "de"}
