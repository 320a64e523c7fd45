"""The photo pages of a tour (its company's members) and of a company (its owners): add a
photo with its descriptions, change the descriptions, move a photo earlier or later,
delete one (with a confirmation). A tour or company outside the user's is not found (404),
and so is a photo of another tour, whatever id is tried (docs/photos.md)."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.confirm import confirmed
from tours import photos
from workspace import access
from workspace.photo_forms import PhotoAltForm, PhotoUploadForm
from workspace.views import workspace_view


@dataclass
class _Owner:
    """Whose photos a page shows: a tour or a company."""

    obj: Any
    photos: QuerySet
    page_url: str
    back_url: str
    back_label: str
    heading: str
    add: Any
    farm_kind: str


def _tour_owner(request: HttpRequest, pk: int) -> _Owner:
    tour = get_object_or_404(access.tours_for(request.user), pk=pk)
    return _Owner(
        obj=tour,
        photos=tour.photos.all(),
        page_url=reverse("workspace:tour_photos", args=[tour.pk]),
        back_url=reverse("workspace:tour", args=[tour.pk]),
        back_label=tour.title,
        heading=_("Photos of %(name)s") % {"name": tour.title},
        add=lambda upload, alts: photos.tour_photo_add(tour=tour, upload=upload, alts=alts),
        farm_kind=tour.company.farm_kind,
    )


def _company_owner(request: HttpRequest, slug: str) -> _Owner:
    company = get_object_or_404(access.companies_for(request.user), slug=slug)
    if not access.companies_owned_by(request.user).filter(pk=company.pk).exists():
        # A member, but not an owner: the company's public profile is the owner's.
        raise PermissionDenied
    return _Owner(
        obj=company,
        photos=company.photos.all(),
        page_url=reverse("workspace:company_photos", args=[company.slug]),
        back_url=reverse("workspace:companies"),
        back_label=_("Company profile"),
        heading=_("Photos of %(name)s") % {"name": company.name},
        add=lambda upload, alts: photos.company_photo_add(
            company=company, upload=upload, alts=alts
        ),
        farm_kind=company.farm_kind,
    )


def _alt_form(photo, data=None) -> PhotoAltForm:
    initial = {f"alt_{code}": getattr(photo, f"alt_{code}") or "" for code in ("da", "en", "de")}
    return PhotoAltForm(data, initial=initial, prefix=f"photo-{photo.pk}")


def _page(request, owner: _Owner, *, upload=None, edited=None, status=200) -> HttpResponse:
    rows = []
    for photo in owner.photos:
        form = edited if edited is not None and edited.prefix == f"photo-{photo.pk}" else None
        rows.append((photo, form or _alt_form(photo)))
    return render(
        request,
        "workspace/photos.html",
        {
            "owner": owner,
            "rows": rows,
            "upload_form": upload or PhotoUploadForm(),
            "max_photos": photos.MAX_PHOTOS,
        },
        status=status,
    )


def _photos_page(request: HttpRequest, owner: _Owner) -> HttpResponse:
    if request.method != "POST":
        return _page(request, owner)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            owner.add(form.cleaned_data["image"], form.alts())
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect(owner.page_url)
    return _page(request, owner, upload=form, status=400)


ACTIONS = ("describe", "earlier", "later", "delete")


def _photo_action(request: HttpRequest, owner: _Owner, photo_pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    photo = get_object_or_404(owner.photos, pk=photo_pk)
    if action == "describe":
        form = _alt_form(photo, request.POST)
        if not form.is_valid():
            return _page(request, owner, edited=form, status=400)
        photos.photo_set_alts(photo=photo, alts=form.alts())
        messages.success(request, _("The description was saved."))
    elif action in ("earlier", "later"):
        photos.photo_move(photo=photo, photos=owner.photos, step=-1 if action == "earlier" else 1)
        messages.success(request, _("The order of the photos was saved."))
    elif action == "delete":
        if not confirmed(request):
            return render(request, "workspace/photo_delete.html", {"owner": owner, "photo": photo})
        photos.photo_delete(photo=photo)
        messages.success(request, _("The photo was deleted."))
    return redirect(f"{owner.page_url}#photos")


@workspace_view
@require_http_methods(["GET", "POST"])
def tour_photos(request: HttpRequest, pk: int) -> HttpResponse:
    return _photos_page(request, _tour_owner(request, pk))


@workspace_view
@require_POST
def tour_photo(request: HttpRequest, pk: int, photo_pk: int, action: str) -> HttpResponse:
    return _photo_action(request, _tour_owner(request, pk), photo_pk, action)


@workspace_view
@require_http_methods(["GET", "POST"])
def company_photos(request: HttpRequest, slug: str) -> HttpResponse:
    return _photos_page(request, _company_owner(request, slug))


@workspace_view
@require_POST
def company_photo(request: HttpRequest, slug: str, photo_pk: int, action: str) -> HttpResponse:
    return _photo_action(request, _company_owner(request, slug), photo_pk, action)
