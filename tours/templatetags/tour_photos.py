"""The picture of a tour or a company, for any template (docs/photos.md):

    {% load tour_photos %}
    {% tour_picture tour size="card" %}      the tour's first photo, else its company's,
                                             else the drawing of the company's kind of farm
    {% company_picture company size="hero" %}
    {% photo_picture photo size="hero" %}    one given photo (a gallery)

It renders a <picture> with WebP and JPEG `srcset`s in every stored width, `sizes` for the
size asked, the photo's own width and height (no layout shift), its description in the
visitor's language as `alt`, and `loading="lazy"`. A placeholder drawing is decorative
(`alt=""`): it says nothing the text beside it does not.

In a list, prefetch the photos or each picture costs a query: `tours.photos.with_photos`
(tours) or `.prefetch_related("photos")` (companies)."""

from django import template
from django.core.files.storage import default_storage
from django.templatetags.static import static

from tours.models import Company

register = template.Library()

# What `sizes` says for each use: how wide the picture is drawn at each screen width
# (Bootstrap's breakpoints, with the containers' widths), so the browser fetches the
# smallest file that is sharp.
SIZES = {
    # A small picture beside a line of a list.
    "thumb": "(min-width: 768px) 160px, 96px",
    # A card in a grid of one (phone), two (tablet) or three columns (desktop).
    "card": "(min-width: 1400px) 416px, (min-width: 1200px) 356px, (min-width: 992px) 296px, "
    "(min-width: 768px) 336px, calc(100vw - 2rem)",
    # A photo in a grid of small ones (the tour page's further photos).
    "gallery": "(min-width: 992px) 160px, (min-width: 576px) 25vw, 45vw",
    # The main picture of a page, in its wide column.
    "hero": "(min-width: 1400px) 856px, (min-width: 1200px) 736px, (min-width: 992px) 616px, "
    "calc(100vw - 2rem)",
}
PLACEHOLDER_SIZE = (600, 400)


def _first(photos):
    """The first photo, from the prefetch cache when there is one."""
    for photo in photos.all():
        return photo
    return None


def picture_context(photo, *, kind: str, size: str, css: str, lazy: bool) -> dict:
    sizes = SIZES.get(size, SIZES["card"])
    context = {"css": css, "size": size, "lazy": lazy, "sizes": sizes}
    if photo is None:
        context.update(
            placeholder=static(f"img/placeholders/{kind}.svg"),
            width=PLACEHOLDER_SIZE[0],
            height=PLACEHOLDER_SIZE[1],
        )
        return context

    def srcset(fmt):
        return ", ".join(
            f"{default_storage.url(photo.file_name(w, fmt))} {w}w" for w in photo.widths
        )

    default_width = max((w for w in photo.widths if w <= 640), default=photo.widths[0])
    context.update(
        photo=photo,
        alt=photo.alt,
        webp_srcset=srcset("webp"),
        jpeg_srcset=srcset("jpg"),
        src=default_storage.url(photo.file_name(default_width, "jpg")),
        width=photo.width,
        height=photo.height,
    )
    return context


def _farm_kind(company) -> str:
    kind = getattr(company, "farm_kind", "") or ""
    return kind if kind in Company.FarmKind.values else Company.FarmKind.ORCHARD


@register.inclusion_tag("tours/_picture.html")
def tour_picture(tour, size="card", css="", lazy=True):
    photo = _first(tour.photos) or _first(tour.company.photos)
    return picture_context(photo, kind=_farm_kind(tour.company), size=size, css=css, lazy=lazy)


@register.inclusion_tag("tours/_picture.html")
def company_picture(company, size="card", css="", lazy=True):
    photo = _first(company.photos)
    return picture_context(photo, kind=_farm_kind(company), size=size, css=css, lazy=lazy)


@register.inclusion_tag("tours/_picture.html")
def photo_picture(photo, size="hero", css="", lazy=True, kind="orchard"):
    return picture_context(photo, kind=kind, size=size, css=css, lazy=lazy)


@register.simple_tag
def photo_url(photo, width=None, fmt="jpg"):
    """The address of one of the photo's files: the largest JPEG unless asked."""
    widths = photo.widths
    chosen = max((w for w in widths if width is None or w <= int(width)), default=widths[0])
    return default_storage.url(photo.file_name(chosen, fmt))
