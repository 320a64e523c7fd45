"""Arrival on the farm: the page a booking's QR code opens, and the day's arrivals board.

Both are for the staff of the company whose tour it is, and nobody else: the bookings come
from workspace.access.bookings_to_check_in (membership only; not even the coordinator). A
scanned code with a wrong secret, or the visitor's manage token in its place, is a 404 that
says nothing; a right code scanned by someone from another company is a 404 that says so
plainly. The rules are booking.checkin's; these views only translate.
"""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from booking import checkin, errors
from booking.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, Booking, normalize_reference
from workspace import access
from workspace.forms import CheckInForm

# What checkin_secret makes (unpadded URL-safe base64 of a SHA-256): anything else is turned
# away before a query.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")


def _scanned_booking(reference: str, secret: str) -> Booking:
    """The booking whose code this is, or 404. The reference alone (printed on every
    confirmation) opens nothing: the secret must match the booking's own."""
    reference = normalize_reference(reference)
    if (
        len(reference) != REFERENCE_LENGTH
        or set(reference) - set(REFERENCE_ALPHABET)
        or not _SECRET.match(secret)
    ):
        raise Http404
    booking = Booking.objects.filter(reference=reference).only("pk", "uid").first()
    if booking is None or not checkin.checkin_secret_matches(booking, secret):
        raise Http404
    return booking


@require_http_methods(["GET", "POST"])
def checkin_scan(request: HttpRequest, reference: str, secret: str) -> HttpResponse:
    """GET shows the party and one button; POST checks in (or undoes). An anonymous scan is
    sent to log in and comes back here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scanned = _scanned_booking(reference, secret)
    booking = access.bookings_to_check_in(request.user).filter(pk=scanned.pk).first()
    if booking is None:
        return render(request, "workspace/checkin_other.html", status=404)
    if request.method == "POST":
        return _checkin_post(request, booking)
    return _render_checkin(request, booking, CheckInForm(booking=booking))


def _checkin_post(request: HttpRequest, booking: Booking) -> HttpResponse:
    form = CheckInForm(request.POST, booking=booking)
    try:
        if request.POST.get("action") == "undo":
            checkin.booking_check_in_undo(booking_id=booking.pk)
            messages.success(request, _("The check-in is undone."))
        elif form.is_valid():
            booking = checkin.booking_check_in(
                booking_id=booking.pk, arrived=form.cleaned_data["arrived"], by=request.user
            )
            messages.success(request, checked_in_text(booking))
        else:
            return _render_checkin(request, booking, form, status=400)
    except errors.BookingError as error:
        messages.error(request, error.text)
    return redirect(request.get_full_path())


def checked_in_text(booking: Booking) -> str:
    return ngettext(
        "Checked in: %(arrived)d of %(count)d person.",
        "Checked in: %(arrived)d of %(count)d people.",
        booking.party_size,
    ) % {"arrived": booking.arrived, "count": booking.party_size}


def _render_checkin(
    request: HttpRequest, booking: Booking, form: CheckInForm, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    refusal = None
    try:
        checkin.check_can_check_in(booking, now=now)
    except errors.BookingError as error:
        refusal = error
    return render(
        request,
        "workspace/checkin.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "tour": booking.slot.tour,
            "form": form,
            "refusal": refusal,
            "already": isinstance(refusal, errors.AlreadyCheckedIn),
            "today": timezone.localdate(now),
        },
        status=status,
    )
