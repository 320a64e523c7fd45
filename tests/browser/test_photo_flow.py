"""At phone size, in real headless Chromium: a farm's staff member opens the tour's photo
page, tries an SVG (refused beside the field, in German), uploads a real photo with its three
descriptions, adds a second and moves it first; the public tour page then shows it, loaded
from the WebP rendition that fits a phone, with its German description as alt text."""

import pytest

from tests import factories
from tests.photos import SVG, image_bytes
from tours.models import TourPhoto

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-password-123"  # tests.factories.UserFactory's


def _fill(page, da, en, de):
    page.get_by_label("Beschreibung (Dänisch)").last.fill(da)
    page.get_by_label("Beschreibung (Englisch)").last.fill(en)
    page.get_by_label("Beschreibung (Deutsch)").last.fill(de)


def test_upload_order_and_see_the_photo_on_the_tour_page(live_server, page, tmp_path):
    tour = factories.TourFactory(title_de="Obstgarten-Führung")
    staff = factories.MembershipFactory(company=tour.company).user
    assert page.viewport_size["width"] <= 390
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.locator("input[name=username]").fill(staff.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url("**/workspace/**")
    page.goto(f"{live_server.url}/de/workspace/tours/{tour.pk}/photos/")

    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    page.locator("input[type=file]").set_input_files(str(svg))
    _fill(page, "Logo", "Logo", "Logo")
    page.get_by_role("button", name="Foto hinzufügen").click()
    assert "SVG-Zeichnungen können nicht verwendet werden" in page.locator("form").last.inner_text()
    assert not TourPhoto.objects.exists()

    for n, (name, da, en, de) in enumerate(
        [
            ("have.jpg", "Haven", "The garden", "Der Garten"),
            ("traeer.png", "Æbletræer", "Apple trees", "Apfelbäume"),
        ]
    ):
        path = tmp_path / name
        path.write_bytes(image_bytes("PNG" if name.endswith("png") else "JPEG", exif=True))
        page.locator("input[type=file]").set_input_files(str(path))
        _fill(page, da, en, de)
        page.get_by_role("button", name="Foto hinzufügen").click()
        page.get_by_text("Das Foto wurde hinzugefügt.").wait_for()
        assert TourPhoto.objects.count() == n + 1

    page.get_by_role("button", name="Nach vorn (Foto 2)").click()
    page.get_by_text("Die Reihenfolge der Fotos wurde gespeichert.").wait_for()
    assert [p.alt_de for p in tour.photos.all()] == ["Apfelbäume", "Der Garten"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto(f"{live_server.url}/de/tours/{tour.pk}/")
    hero = page.locator("picture img").first
    hero.wait_for()
    assert hero.get_attribute("alt") == "Apfelbäume"
    page.wait_for_function("document.querySelector('picture img').complete")
    current = hero.evaluate("img => img.currentSrc")
    assert current.endswith((".webp",)) and "/1280." not in current
    assert hero.evaluate("img => img.naturalWidth") > 0
