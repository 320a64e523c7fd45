"""The checks of the single company photo of before (Company.photo, dropped in tours 0010),
kept because migration 0002 names them. Photos are checked by tours.photos now, with
Pillow (docs/photos.md).

Only JPEG, PNG and WebP are accepted, recognised by their first bytes (not by the name or the
browser's content type, which the uploader controls), so an HTML or SVG file renamed to .jpg
is refused and nothing served from /media/ can run script."""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PHOTO_BYTES = 5 * 1024 * 1024
_SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def photo_kind(head: bytes) -> str | None:
    """The photo's real type from its first 12 bytes: 'jpg', 'png', 'webp' or None."""
    for kind, signatures in _SIGNATURES.items():
        if head.startswith(signatures):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def validate_photo(upload) -> None:
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo may be at most 5 MB."), code="photo_too_large")
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if photo_kind(head) is None:
        raise ValidationError(
            _("Please upload a photo as JPEG, PNG or WebP."), code="photo_invalid"
        )


def company_photo_path(instance, filename: str) -> str:
    """A random file name: unguessable, and nothing of the uploader's name is kept."""
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    suffix = {"jpeg": "jpg"}.get(suffix, suffix)
    if suffix not in ("jpg", "png", "webp"):
        suffix = "jpg"
    return f"companies/{secrets.token_urlsafe(16)}.{suffix}"
