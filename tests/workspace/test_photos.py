"""The workspace's photo pages: staff add, describe, order and delete their own tours'
photos, owners their company's; everything of another company is not found (404)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.photos import ALTS, SVG, image_bytes, upload
from tours import photos
from tours.models import CompanyPhoto, TourPhoto

pytestmark = pytest.mark.django_db


def _alts(**changes):
    data = {f"alt_{k}": v for k, v in ALTS.items()}
    data.update(changes)
    return data


def _page(tour):
    return reverse("workspace:tour_photos", kwargs={"pk": tour.pk})


def _action(tour, photo, action):
    return reverse(
        "workspace:tour_photo", kwargs={"pk": tour.pk, "photo_pk": photo.pk, "action": action}
    )


def test_staff_add_a_photo_to_their_tour_and_visitors_see_it(client, world):
    client.force_login(world.staff_a)
    response = client.post(_page(world.tour_a), {"image": upload(), **_alts()})
    assert response.status_code == 302
    photo = TourPhoto.objects.get(tour=world.tour_a)
    assert (photo.alt_da, photo.alt_en, photo.alt_de) == (ALTS["da"], ALTS["en"], ALTS["de"])
    page = client.get(_page(world.tour_a)).content.decode()
    assert f"/media/photos/{photo.key}/320.webp" in page
    public = client.get(world.tour_a.get_absolute_url()).content.decode()
    assert f"/media/photos/{photo.key}/1280.jpg 1280w" in public
    assert f'alt="{ALTS["da"]}"' in public
    # The file itself, through the media view.
    served = client.get(f"/media/photos/{photo.key}/640.webp")
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served["Cache-Control"]


@pytest.mark.parametrize("missing", ["alt_da", "alt_en", "alt_de"])
def test_every_language_needs_a_description(client, world, missing):
    client.force_login(world.staff_a)
    response = client.post(_page(world.tour_a), {"image": upload(), **_alts(**{missing: " "})})
    assert response.status_code == 400
    assert missing in response.context["upload_form"].errors
    assert not TourPhoto.objects.exists()


def test_a_refused_file_is_explained_beside_the_field_in_the_users_language(client, world):
    client.force_login(world.staff_a)
    with translation.override("de"):
        url = _page(world.tour_a)
    response = client.post(url, {"image": upload(SVG, "logo.svg"), **_alts()})
    assert response.status_code == 400
    errors = response.context["upload_form"].errors["image"]
    assert errors == [
        "SVG-Zeichnungen können nicht verwendet werden. Bitte laden Sie ein Foto als JPEG, "
        "PNG oder WebP hoch."
    ]
    response = client.post(url, {"image": upload(b"GIF89a" + b"0" * 99), **_alts()})
    assert "kein Foto" in response.context["upload_form"].errors["image"][0]
    assert not TourPhoto.objects.exists()


def test_descriptions_order_and_delete_with_confirmation(client, world):
    tour = world.tour_a
    a, b = (photos.tour_photo_add(tour=tour, upload=upload(), alts=ALTS) for _ in range(2))
    client.force_login(world.staff_a)
    response = client.post(_action(tour, b, "describe"), {
        f"photo-{b.pk}-alt_da": "Pærer", f"photo-{b.pk}-alt_en": "Pears",
        f"photo-{b.pk}-alt_de": "Birnen",
    })  # fmt: skip
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.alt_da, b.alt_en, b.alt_de) == ("Pærer", "Pears", "Birnen")
    response = client.post(_action(tour, b, "describe"), {f"photo-{b.pk}-alt_da": "x"})
    assert response.status_code == 400
    b.refresh_from_db()
    assert b.alt_da == "Pærer"

    assert client.post(_action(tour, b, "earlier")).status_code == 302
    assert list(tour.photos.all()) == [b, a]
    assert client.post(_action(tour, b, "later")).status_code == 302
    assert list(tour.photos.all()) == [a, b]

    asked = client.post(_action(tour, a, "delete"))
    assert asked.status_code == 200 and "Delete" in asked.templates[0].name.title()
    assert TourPhoto.objects.filter(pk=a.pk).exists()
    assert client.post(_action(tour, a, "delete"), {"confirm": "yes"}).status_code == 302
    assert list(tour.photos.all()) == [b]


def test_another_companys_tours_and_photos_are_not_found(client, world):
    theirs = photos.tour_photo_add(tour=world.tour_b, upload=upload(), alts=ALTS)
    mine = photos.tour_photo_add(tour=world.tour_a, upload=upload(), alts=ALTS)
    client.force_login(world.staff_a)
    assert client.get(_page(world.tour_b)).status_code == 404
    assert client.post(_page(world.tour_b), {"image": upload(), **_alts()}).status_code == 404
    for action in ("describe", "earlier", "later", "delete"):
        # Their photo by their tour's address, and by my tour's.
        assert (
            client.post(_action(world.tour_b, theirs, action), {"confirm": "yes"}).status_code
            == 404
        )
        assert (
            client.post(_action(world.tour_a, theirs, action), {"confirm": "yes"}).status_code
            == 404
        )
    assert client.post(_action(world.tour_a, mine, "rotate")).status_code == 404
    assert client.get(_action(world.tour_a, mine, "delete")).status_code == 405
    assert TourPhoto.objects.count() == 2
    assert world.tour_b.photos.get().alt_da == ALTS["da"]


def test_logged_out_visitors_are_sent_to_log_in(client, world):
    response = client.get(_page(world.tour_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_owners_manage_the_company_photos_staff_may_not(client, world):
    url = reverse("workspace:company_photos", kwargs={"slug": world.company_a.slug})
    client.force_login(world.staff_a)
    assert client.get(url).status_code == 403
    client.force_login(world.owner_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"image": upload(image_bytes("PNG"), "gaard.png"), **_alts()})
    assert response.status_code == 302
    photo = CompanyPhoto.objects.get(company=world.company_a)
    home = client.get(reverse("catalogue:home")).content.decode()
    assert f"/media/photos/{photo.key}/640.jpg" in home
    other = reverse("workspace:company_photos", kwargs={"slug": world.company_b.slug})
    assert client.get(other).status_code == 404


def test_the_media_view_serves_only_renditions(client, world, settings):
    photo = photos.tour_photo_add(tour=world.tour_a, upload=upload(), alts=ALTS)
    assert client.get(f"/media/photos/{photo.key}/9999.jpg").status_code == 404
    assert client.get(f"/media/photos/{photo.key}/640.png").status_code == 404
    assert client.get(f"/media/photos/{photo.key}/../640.jpg").status_code == 404
    (settings.MEDIA_ROOT / "companies").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "companies" / "old.jpg").write_bytes(image_bytes())
    assert client.get("/media/companies/old.jpg").status_code == 404
    assert client.head(f"/media/photos/{photo.key}/640.jpg").status_code == 200
