"""The widget's pages: HTTP in, the booking service, HTTP out, in an iframe on another site.
The same form and rules as the site's own booking page (booking.forms.BookingForm, the
booking service); only the layout, the framing and the missing cookies differ."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from booking import capacity, services
from booking.forms import BookingForm
from booking.models import Booking
from core.errors import DomainError
from tours.models import Company, Slot
from widget import framing, selectors, tokens

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _language(request: HttpRequest, fallback: str = "") -> str:
    """?lang= (the embedding page's language, which the snippet passes), else `fallback`,
    else Danish. Nothing from cookies: the widget has none."""
    for candidate in (request.GET.get("lang", ""), fallback):
        code = candidate.strip().lower()[:2]
        if code in LANGUAGE_CODES:
            return code
    return settings.LANGUAGE_CODE


def _render(request, template: str, context: dict, *, allowed: list[str], status: int = 200):
    response = render(request, template, context, status=status)
    return framing.frame_for(response, allowed)


@require_GET
def departures(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The next departures of a company (or of one of its tours, ?tour=), or of the whole
    cluster when no company is named."""
    company = get_object_or_404(Company, slug=slug) if slug else None
    allowed = framing.allowed_origins(company)
    origin = framing.embedding_origin(request, allowed)
    language = _language(request)
    tour_id = request.GET.get("tour", "")
    with translation.override(language):
        slots = selectors.next_departures(
            now=timezone.now(),
            company_id=company.pk if company else None,
            tour_id=int(tour_id) if tour_id.isdigit() else None,
        )
        query = urlencode({"lang": language, "origin": origin})
        rows = [(slot, f"{reverse('widget:book', args=[slot.pk])}?{query}") for slot in slots]
        return _render(
            request,
            "widget/departures.html",
            {"company": company, "rows": rows, "language": language},
            allowed=allowed,
        )


def _slot_allowed(slot: Slot) -> list[str]:
    # A departure may be booked from its company's widget or from the cluster's.
    return list(dict.fromkeys(slot.tour.company.widget_origin_list + framing.cluster_origins()))


@csrf_exempt  # no CSRF cookie in a third-party frame: the signed form token stands in
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.select_related("tour", "tour__company"), pk=slot_id, tour__published=True
    )
    allowed = _slot_allowed(slot)
    signed = None
    if request.method == "POST":
        signed = tokens.form_token_read(request.POST.get("widget_token", ""), slot_id=slot.pk)
    origin = signed["origin"] if signed else framing.embedding_origin(request, allowed)
    language = _language(request, signed["lang"] if signed else "")
    with translation.override(language):
        form = BookingForm(request.POST or None, slot=slot)
        # The template writes the <form> with the signed token; no CSRF field, no cookie.
        form.helper.form_tag = False
        form.helper.disable_csrf = True
        if request.method == "POST":
            if signed is None:
                form.add_error(
                    None, _("This form has expired. Please reload the page and try again.")
                )
            elif form.is_valid():
                booking = _book(form, slot, origin)
                if booking is not None:
                    return _render(request, "widget/booked.html", _booked(booking), allowed=allowed)
        context = {
            "slot": slot,
            "tour": slot.tour,
            "company": slot.tour.company,
            "form": form,
            "bookable": capacity.is_bookable(slot, now=timezone.now()),
            "widget_token": tokens.form_token(slot_id=slot.pk, origin=origin, language=language),
            "back": f"{reverse('widget:company', args=[slot.tour.company.slug])}?"
            + urlencode({"lang": language, "origin": origin, "tour": slot.tour_id}),
        }
        status = 400 if request.method == "POST" else 200
        return _render(request, "widget/book.html", context, allowed=allowed, status=status)


def _book(form: BookingForm, slot: Slot, origin: str) -> Booking | None:
    """Books through the one booking service; a refusal becomes a form error (None)."""
    try:
        return services.booking_create(
            slot_id=slot.pk,
            visitor=form.visitor(),
            party_size=form.cleaned_data["party_size"],
            channel=Booking.Channel.WIDGET,
            origin=origin,
            idempotency_key=f"widget:{form.cleaned_data['submission_id']}",
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.text)
        slot.refresh_from_db()
        return None


def _booked(booking: Booking) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "tour": booking.slot.tour,
        "manage_url": settings.SITE_URL + booking.get_absolute_url(),
    }
