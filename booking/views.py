"""HTTP in, service call, HTTP out. The booking rules are in booking.services."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from booking import calendar, errors, services
from booking.forms import BookingForm
from booking.models import Booking
from tours.models import Slot


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.select_related("tour", "tour__company"), pk=slot_id, tour__published=True
    )
    form = BookingForm(request.POST or None, slot=slot)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                slot_id=slot.pk,
                visitor=form.visitor(),
                party_size=form.cleaned_data["party_size"],
                idempotency_key=f"form:{form.cleaned_data['submission_id']}",
            )
        except errors.BookingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
            slot.refresh_from_db()
        else:
            messages.success(request, _("Thank you! Your booking is confirmed."))
            return redirect(booking)
    return render(
        request,
        "booking/book.html",
        {
            "slot": slot,
            "tour": slot.tour,
            "company": slot.tour.company,
            "form": form,
            "bookable": slot.is_bookable(),
        },
        status=400 if request.method == "POST" else 200,
    )


def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor's own page, reached through the secret link in their e-mail."""
    booking = get_object_or_404(
        Booking.objects.select_related("slot", "slot__tour", "slot__tour__company"), token=token
    )
    return render(
        request,
        "booking/manage.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "tour": booking.slot.tour,
            "company": booking.slot.tour.company,
        },
    )


@require_http_methods(["GET", "HEAD"])
def booking_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The booking as an .ics file for the visitor's calendar (METHOD:PUBLISH, the same UID
    and SEQUENCE as the e-mailed invitation, so importing both never duplicates it)."""
    booking = get_object_or_404(
        Booking.objects.select_related("slot", "slot__tour", "slot__tour__company"), token=token
    )
    response = HttpResponse(
        calendar.booking_ics(booking, method=calendar.PUBLISH),
        content_type="text/calendar; charset=utf-8",
    )
    filename = calendar.ics_filename(
        f"booking-{booking.reference}", timezone.localdate(booking.slot.start)
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The URL holds the secret token: keep it out of shared caches and search engines.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
