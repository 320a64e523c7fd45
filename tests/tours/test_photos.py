"""Photos: what an upload must be, what is made of it once (renditions without metadata),
the services that order and delete photos, and the picture tag's markup."""

import io

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.utils import translation
from PIL import Image

from tests.factories import CompanyFactory, TourFactory
from tests.photos import ALTS, ARTIST, GPS_IFD, SVG, image_bytes, upload
from tours import photos
from tours.models import Company, TourPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _open_stored(photo, width, fmt):
    with default_storage.open(photo.file_name(width, fmt)) as f:
        data = f.read()
    return data, Image.open(io.BytesIO(data))


def test_a_photo_is_stored_in_three_widths_as_webp_and_jpeg():
    tour = TourFactory()
    photo = photos.tour_photo_add(tour=tour, upload=upload(), alts=ALTS)
    assert photo.widths == [320, 640, 1280]
    assert (photo.width, photo.height) == (1280, 800)
    for width in (320, 640, 1280):
        _, webp = _open_stored(photo, width, "webp")
        _, jpeg = _open_stored(photo, width, "jpg")
        assert webp.format == "WEBP" and jpeg.format == "JPEG"
        assert webp.size == jpeg.size == (width, width * 1000 // 1600)


def test_exif_with_position_and_owner_is_not_in_any_stored_file():
    data = image_bytes(exif=True)
    assert b"Hans Hansen" in data and Image.open(io.BytesIO(data)).getexif()[ARTIST]
    photo = photos.tour_photo_add(tour=TourFactory(), upload=upload(data), alts=ALTS)
    for width in photo.widths:
        for fmt in ("webp", "jpg"):
            raw, image = _open_stored(photo, width, fmt)
            assert b"Hans Hansen" not in raw
            assert not image.getexif()
            assert GPS_IFD not in image.getexif()
            assert "exif" not in image.info


def test_a_photo_taken_sideways_is_stored_upright():
    # 1600 x 1000 pixels with "rotate 90° clockwise to view" (EXIF orientation 6).
    data = image_bytes(orientation=6)
    photo = photos.tour_photo_add(tour=TourFactory(), upload=upload(data), alts=ALTS)
    assert photo.widths == [320, 640, 1000]
    assert (photo.width, photo.height) == (1000, 1600)
    _, image = _open_stored(photo, 1000, "jpg")
    assert image.size == (1000, 1600)
    # The green half was on the left; turned clockwise it is at the top.
    top = image.convert("RGB").getpixel((500, 100))
    assert top[1] > top[0]


def test_a_small_photo_is_not_enlarged():
    photo = photos.tour_photo_add(
        tour=TourFactory(), upload=upload(image_bytes(size=(500, 400))), alts=ALTS
    )
    assert photo.widths == [320, 500]


@pytest.mark.parametrize(
    ("fmt", "name", "mode"),
    [("PNG", "foto.png", "RGBA"), ("WEBP", "foto.webp", "RGB"), ("PNG", "foto.png", "RGB")],
)
def test_png_and_webp_are_accepted_and_transparency_is_laid_on_white(fmt, name, mode):
    data = image_bytes(fmt, mode=mode)
    photo = photos.company_photo_add(company=CompanyFactory(), upload=upload(data, name), alts=ALTS)
    _, image = _open_stored(photo, 320, "jpg")
    assert image.mode == "RGB"


def _refusal(data, name="foto.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        photos.tour_photo_add(tour=TourFactory(), upload=upload(data, name), alts=ALTS)
    return caught.value.code


def test_svg_is_refused_with_its_own_message():
    with translation.override("de"):
        with pytest.raises(ValidationError) as caught:
            photos.validate_photo_upload(upload(SVG, "tegning.svg"))
        assert caught.value.code == "photo_svg"
        assert caught.value.messages[0].startswith("SVG-Zeichnungen können nicht")
    # Also when it pretends to be a JPEG.
    assert _refusal(SVG, "foto.jpg") == "photo_svg"


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10,
        b"",
        image_bytes("GIF"),
        image_bytes("BMP"),
    ],
    ids=["html", "jpeg-signature-only", "empty", "gif", "bmp"],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused(data):
    assert _refusal(data) == "photo_invalid"


def test_a_truncated_photo_is_refused_as_damaged():
    data = image_bytes()
    assert _refusal(data[: len(data) // 2]) == "photo_damaged"
    assert not TourPhoto.objects.exists()


def test_too_many_pixels_is_refused_before_decoding(monkeypatch):
    # 60 megapixels (above our limit, below Pillow's own): refused from the header alone.
    data = image_bytes("PNG", size=(10000, 6000), mode="1")
    assert len(data) < 1024 * 1024
    assert _refusal(data, "foto.png") == "photo_too_many_pixels"
    # 144 megapixels, Pillow's decompression-bomb warning: the same refusal.
    monkeypatch.setattr(photos, "MAX_PIXELS", 10**9)
    data = image_bytes("PNG", size=(12000, 12000), mode="1")
    assert _refusal(data, "foto.png") == "photo_too_many_pixels"


def test_too_many_bytes_and_too_few_pixels_are_refused():
    assert _refusal(b"\xff\xd8\xff" + b"\0" * photos.MAX_BYTES) == "photo_too_large"
    assert _refusal(image_bytes(size=(399, 600))) == "photo_too_small"
    assert _refusal(image_bytes(size=(600, 299))) == "photo_too_small"


def test_a_refused_upload_leaves_no_files(media):
    _refusal(image_bytes()[:5000])
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_photos_are_added_at_the_end_moved_and_renumbered():
    tour = TourFactory()
    a, b, c = (photos.tour_photo_add(tour=tour, upload=upload(), alts=ALTS) for _ in range(3))
    assert [p.position for p in (a, b, c)] == [0, 1, 2]
    photos.photo_move(photo=c, photos=tour.photos.all(), step=-1)
    assert list(tour.photos.all()) == [a, c, b]
    photos.photo_move(photo=a, photos=tour.photos.all(), step=-1)  # already first
    assert list(tour.photos.all()) == [a, c, b]
    photos.photo_move(photo=a, photos=tour.photos.all(), step=1)
    assert list(tour.photos.all()) == [c, a, b]
    assert [p.position for p in tour.photos.all()] == [0, 1, 2]


def test_deleting_a_photo_deletes_its_files_after_commit(django_capture_on_commit_callbacks):
    photo = photos.tour_photo_add(tour=TourFactory(), upload=upload(), alts=ALTS)
    names = photo.file_names()
    assert len(names) == 6 and all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        photos.photo_delete(photo=photo)
    assert not TourPhoto.objects.exists()
    assert not any(default_storage.exists(n) for n in names)


def test_at_most_twelve_photos(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTOS", 2)
    tour = TourFactory()
    photos.tour_photo_add(tour=tour, upload=upload(image_bytes(size=(400, 300))), alts=ALTS)
    photos.tour_photo_add(tour=tour, upload=upload(image_bytes(size=(400, 300))), alts=ALTS)
    assert _refusal_for(tour) == "photo_too_many"


def _refusal_for(tour):
    with pytest.raises(ValidationError) as caught:
        photos.tour_photo_add(tour=tour, upload=upload(), alts=ALTS)
    return caught.value.code


def _render(source, **context):
    return Template("{% load tour_photos %}" + source).render(Context(context))


def test_the_picture_offers_every_width_in_webp_and_jpeg_with_sizes_and_lazy_loading():
    tour = TourFactory()
    photos.tour_photo_add(tour=tour, upload=upload(), alts=ALTS)
    photo = tour.photos.get()
    with translation.override("en"):
        html = _render('{% tour_picture tour size="card" %}', tour=tour)
    base = f"/media/photos/{photo.key}"
    assert f'srcset="{base}/320.webp 320w, {base}/640.webp 640w, {base}/1280.webp 1280w"' in html
    assert f'srcset="{base}/320.jpg 320w, {base}/640.jpg 640w, {base}/1280.jpg 1280w"' in html
    assert f'src="{base}/640.jpg"' in html
    assert 'type="image/webp"' in html
    assert 'sizes="(min-width: 1400px) 416px' in html
    assert 'width="1280" height="800"' in html
    assert 'alt="Apple trees in bloom"' in html
    assert 'loading="lazy"' in html
    with translation.override("de"):
        assert 'alt="Blühende Apfelbäume"' in _render("{% tour_picture tour %}", tour=tour)
    assert 'loading="lazy"' not in _render("{% tour_picture tour lazy=False %}", tour=tour)


def test_without_photos_the_drawing_of_the_farm_kind_is_shown():
    tour = TourFactory(company__farm_kind=Company.FarmKind.BEES)
    html = _render('{% tour_picture tour size="thumb" %}', tour=tour)
    assert 'src="/static/img/placeholders/bees.svg"' in html
    assert 'alt=""' in html and "srcset" not in html
    for kind in Company.FarmKind.values:
        assert finders.find(f"img/placeholders/{kind}.svg"), kind


def test_a_tour_without_photos_shows_its_companys():
    tour = TourFactory()
    photos.company_photo_add(company=tour.company, upload=upload(), alts=ALTS)
    key = tour.company.photos.get().key
    assert f"/media/photos/{key}/640.jpg" in _render("{% tour_picture tour %}", tour=tour)
    assert f"/media/photos/{key}/640.jpg" in _render(
        "{% company_picture company %}", company=tour.company
    )
