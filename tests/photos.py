"""Image files for the photo tests, drawn with Pillow on the spot: real JPEG, PNG and WebP
files of a given size, with or without EXIF (a GPS position and a camera owner), and a
few that are not photos at all."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ARTIST = 0x013B
ORIENTATION = 0x0112


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (1600, 1000),
    *,
    exif: bool = False,
    orientation: int | None = None,
    mode: str = "RGB",
) -> bytes:
    colours = {
        "RGB": ((200, 60, 40), (40, 120, 60)),
        "RGBA": ((200, 60, 40, 255), (40, 120, 60, 128)),
        "1": (0, 1),
        "L": (200, 60),
    }[mode]
    image = Image.new(mode, size, colours[0])
    # Two halves of different colours, so a rotation can be seen in the pixels.
    image.paste(colours[1], (0, 0, size[0] // 2, size[1]))
    options = {}
    if exif or orientation:
        data = Image.Exif()
        if exif:
            data[ARTIST] = "Hans Hansen"
            data[GPS_IFD] = {1: "N", 2: (54.0, 46.0, 35.0), 3: "E", 4: (11.0, 30.0, 4.0)}
        if orientation:
            data[ORIENTATION] = orientation
        options["exif"] = data.tobytes()
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "foto.jpg", **kwargs) -> SimpleUploadedFile:
    content_type = {"png": "image/png", "webp": "image/webp", "svg": "image/svg+xml"}.get(
        name.rsplit(".", 1)[-1], "image/jpeg"
    )
    return SimpleUploadedFile(
        name, data if data is not None else image_bytes(**kwargs), content_type
    )


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
ALTS = {"da": "Æbletræer i blomst", "en": "Apple trees in bloom", "de": "Blühende Apfelbäume"}
