"""Photos of companies and tours: the checks on an upload, the renditions made from it once,
and the services that add, order, describe and delete photos (docs/photos.md).

An upload is never stored as it came. Pillow opens it (only JPEG, PNG and WebP; SVG and
anything else is refused), refuses it when it is too large in bytes or pixels or damaged,
turns it upright by its EXIF orientation, converts it to sRGB and writes new files from the
pixels alone: every rendition is a fresh WebP and JPEG with no EXIF (location, camera, owner)
and no other metadata. Nothing served from /media/ is what the uploader sent."""

import contextlib
import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

from tours.models import Company, CompanyPhoto, Photo, Tour, TourPhoto

MAX_BYTES = 15 * 1024 * 1024
# A phone's 48-megapixel photo is 8064 x 6048; more than that is refused before decoding.
MAX_PIXELS = 50_000_000
MIN_WIDTH, MIN_HEIGHT = 400, 300
# The widths made of each photo (never wider than the upload): a phone's card at 1x and 2x,
# a desktop's tour page at 1x and 2x.
WIDTHS = (320, 640, 1280)
# (A phone's multi-picture JPEG opens as JPEG and reads as "MPO": its first picture is used.)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_PHOTOS = 12
WEBP_QUALITY = 80
JPEG_QUALITY = 82

_SRGB = ImageCms.createProfile("sRGB")


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


@dataclass(frozen=True)
class Renditions:
    """The files made of one upload: {path suffix: bytes} and the largest size."""

    files: dict[str, bytes]
    widths: list[int]
    width: int
    height: int


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in text[:1024]


def _open(upload) -> Image.Image:
    """The upload's pixels, upright, in sRGB RGB, or a ValidationError in the user's
    language saying what is wrong."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        _refuse(
            _("The photo is too large: at most %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024},
            "photo_too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        _refuse(
            _("The photo is too large: at most %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024},
            "photo_too_large",
        )
    if _looks_like_svg(data[:2048]):
        _refuse(
            _("SVG drawings cannot be used. Please upload a photo as JPEG, PNG or WebP."),
            "photo_svg",
        )
    not_a_photo = _("This file is not a photo we can use. Please upload a JPEG, PNG or WebP.")
    damaged = _("The photo could not be read; the file may be damaged. Please try another.")
    with warnings.catch_warnings():
        # Pillow warns of a decompression bomb above its own limit; treat it as the error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(_too_many_pixels(), "photo_too_many_pixels")
        except Exception:  # Pillow raises many kinds for files it cannot identify
            _refuse(not_a_photo, "photo_invalid")
        width, height = image.size
        if width * height > MAX_PIXELS:
            _refuse(_too_many_pixels(), "photo_too_many_pixels")
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            _refuse(
                _("The photo is too small: at least %(w)d × %(h)d pixels, please.")  # noqa: RUF001
                % {"w": MIN_WIDTH, "h": MIN_HEIGHT},
                "photo_too_small",
            )
        try:
            if image.format in ("JPEG", "MPO"):
                # Decode at a reduced scale straight away when the photo is much larger
                # than the largest rendition (JPEG's DCT scaling: less time and memory).
                image.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))
            image.load()
            icc = image.info.get("icc_profile")
            image = ImageOps.exif_transpose(image)
            image = _to_srgb(image, icc)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(_too_many_pixels(), "photo_too_many_pixels")
        except ValidationError:
            raise
        except Exception:  # truncated or corrupt data
            _refuse(damaged, "photo_damaged")
    return image


def _too_many_pixels():
    return _("The photo has too many pixels: at most %(mp)d megapixels.") % {
        "mp": MAX_PIXELS // 1_000_000
    }


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB pixels in sRGB, transparency laid on white, with no metadata left."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(
                image.convert("RGB") if image.mode not in ("RGB", "CMYK") else image,
                source,
                _SRGB,
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: keep the pixels as they are
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    return clean


def make_renditions(upload, *, webp_method: int = 4) -> Renditions:
    """Checks the upload and makes its renditions (WebP and JPEG in each width).
    `webp_method` trades encoding time for size (0 fastest, 6 smallest; 4 is Pillow's
    default, about 0.5 s for a 1280 px photo on a busy 2-core machine)."""
    image = _open(upload)
    widths = sorted({min(w, image.width) for w in WIDTHS})
    files: dict[str, bytes] = {}
    height = image.height
    for width in widths:
        size = (width, max(1, round(image.height * width / image.width)))
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        height = size[1]
        webp = io.BytesIO()
        resized.save(webp, "WEBP", quality=WEBP_QUALITY, method=webp_method)
        jpeg = io.BytesIO()
        resized.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        files[f"{width}.webp"] = webp.getvalue()
        files[f"{width}.jpg"] = jpeg.getvalue()
    return Renditions(files=files, widths=widths, width=widths[-1], height=height)


def validate_photo_upload(upload) -> None:
    """The form's check: the same as the service's, so the form can say what is wrong
    beside the field."""
    _open(upload)


def store_renditions(photo, renditions: Renditions) -> None:
    """Writes the renditions under a new key and sets the photo's key and sizes (the row is
    not saved). Also used by the migration of the old single company photo (tours 0009)."""
    photo.key = secrets.token_urlsafe(16)
    photo.widths = renditions.widths
    photo.width = renditions.width
    photo.height = renditions.height
    written = []
    try:
        for suffix, data in renditions.files.items():
            name = f"photos/{photo.key}/{suffix}"
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:  # never: the key is new
                raise RuntimeError(f"photo file {name} already existed")
            written.append(saved)
    except Exception:
        _delete_files(written)
        raise


def _delete_files(names) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def _next_position(photos) -> int:
    last = photos.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _too_many(photos) -> None:
    if photos.count() >= MAX_PHOTOS:
        _refuse(
            _("At most %(n)d photos, please: delete one first.") % {"n": MAX_PHOTOS},
            "photo_too_many",
        )


def _add(photo: Photo, photos, upload, alts: dict[str, str], renditions=None) -> Photo:
    _too_many(photos)
    if renditions is None:
        renditions = make_renditions(upload)
    for lang, text in alts.items():
        setattr(photo, f"alt_{lang}", text.strip())
    photo.position = _next_position(photos)
    store_renditions(photo, renditions)
    try:
        with transaction.atomic():
            photo.save()
    except Exception:
        _delete_files(photo.file_names())
        raise
    return photo


def tour_photo_add(
    *, tour: Tour, upload=None, alts: dict[str, str], renditions: Renditions | None = None
) -> TourPhoto:
    """Adds a photo at the end of the tour's photos. `alts`: {"da": ..., "en": ..., "de":
    ...}. Raises ValidationError (translated) for an upload we will not store. The demo
    passes `renditions` it has made already instead of an upload."""
    return _add(TourPhoto(tour=tour), tour.photos.all(), upload, alts, renditions)


def company_photo_add(
    *, company: Company, upload=None, alts: dict[str, str], renditions: Renditions | None = None
) -> CompanyPhoto:
    return _add(CompanyPhoto(company=company), company.photos.all(), upload, alts, renditions)


def photo_set_alts(*, photo: Photo, alts: dict[str, str]) -> None:
    for lang, text in alts.items():
        setattr(photo, f"alt_{lang}", text.strip())
    photo.save(update_fields=[f"alt_{lang}" for lang in alts])


def photo_move(*, photo: Photo, photos, step: int) -> None:
    """Moves the photo one place earlier (step -1) or later (+1) among `photos` (its
    tour's or company's), renumbering them 0, 1, 2 … in the new order."""
    with transaction.atomic():
        ordered = list(photos.select_for_update().order_by("position", "pk"))
        index = next(i for i, p in enumerate(ordered) if p.pk == photo.pk)
        target = index + step
        if 0 <= target < len(ordered):
            ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, each in enumerate(ordered):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])


def photo_delete(*, photo: Photo) -> None:
    """Deletes the row, and its files once the deletion has committed."""
    names = photo.file_names()
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: _delete_files(names))
