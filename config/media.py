"""Serving the photos under MEDIA_ROOT (docs/photos.md, docs/deployment.md).

WhiteNoise serves only the static files collected at start; uploads arrive later, so this
view serves them, in development and in production alike (`make run` and `make serve` show
the same pictures). It serves nothing but the renditions tours.photos writes: the address
must be `photos/<22-character key>/<width>.webp|jpg`, so no other file under MEDIA_ROOT
(nor anything outside it) can be reached, and each answer has the image type of its name,
`nosniff`, a CSP that forbids everything (should a browser ever open a file as a
document) and a year's immutable caching (a key's files never change). A reverse proxy may
serve the same files itself (docs/deployment.md); the view is then the fallback."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@require_safe
def photo_file(request: HttpRequest, key: str, width: str, fmt: str) -> FileResponse:
    # The URL pattern allows only [A-Za-z0-9_-]{22}, digits and webp|jpg: no separator,
    # no dots, so the path cannot leave MEDIA_ROOT/photos.
    path = Path(settings.MEDIA_ROOT) / "photos" / key / f"{width}.{fmt}"
    try:
        handle = path.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise Http404 from None
    response = FileResponse(handle, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
