"""The one photo a company could have before (Company.photo and its description) becomes its
first CompanyPhoto (tours 0009): re-encoded like an upload, EXIF gone, the description its
alternative text; a file that is missing or is no photo is left out, and nothing fails."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image

from tests.photos import SVG, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("tours", "0008_tour_visitor_info")]
AFTER = [("tours", "0010_company_photo_fields_removed")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _company(Company, slug, photo, **fields):
    return Company.objects.create(
        name=slug.title(), slug=slug, address="Vej 1", postal_code="4930", city="Maribo",
        municipality="Lolland", latitude=54.77, longitude=11.5, email=f"{slug}@example.dk",
        phone="12345678", photo=photo, token_digest=f"digest-{slug}", **fields,
    )  # fmt: skip


def test_the_old_company_photo_becomes_the_first_photo_without_exif(back_to_latest, capsys):
    old = _migrate(BEFORE)
    Company = old.get_model("tours", "Company")
    jpeg = default_storage.save("companies/gammel.jpg", ContentFile(image_bytes(exif=True)))
    svg = default_storage.save("companies/tegning.jpg", ContentFile(SVG))
    with_photo = _company(
        Company, "lolle", jpeg, photo_description="Æbletræer",
        photo_description_da="Æbletræer", photo_description_en="Apple trees",
    )  # fmt: skip
    missing = _company(Company, "borte", "companies/findes-ikke.jpg")
    not_a_photo = _company(Company, "svg", svg)
    without = _company(Company, "uden", "")

    new = _migrate(AFTER)
    CompanyPhoto = new.get_model("tours", "CompanyPhoto")
    photo = CompanyPhoto.objects.get()
    assert photo.company_id == with_photo.pk
    assert (photo.alt_da, photo.alt_en, photo.alt_de) == ("Æbletræer", "Apple trees", "")
    assert (photo.position, photo.widths, photo.width) == (0, [320, 640, 1280], 1280)
    with default_storage.open(f"photos/{photo.key}/1280.jpg") as f:
        data = f.read()
    assert b"Hans Hansen" not in data and not Image.open(io.BytesIO(data)).getexif()
    assert not CompanyPhoto.objects.filter(
        company_id__in=[missing.pk, not_a_photo.pk, without.pk]
    ).exists()
    said = capsys.readouterr().out
    assert "borte" in said and "svg" in said and "uden" not in said

    # The page shows it, in English with the English description.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from django.test import Client

    page = Client().get("/en/companies/lolle/").content.decode()
    assert f"/media/photos/{photo.key}/640.jpg" in page and 'alt="Apple trees"' in page

    back = _migrate(BEFORE)
    assert not back.get_model("tours", "CompanyPhoto").objects.exists()
