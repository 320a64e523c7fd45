"""Arrival on the farm: the page a booking's QR code opens, and the day's arrivals board.

Both are for the staff of the company whose tour it is, and nobody else: the bookings come
from workspace.access.bookings_to_check_in (membership only; not even the coordinator). A
scanned code with a wrong secret, or the visitor's manage token in its place, is a 404 that
says nothing; a right code scanned by someone from another company is a 404 that says so
plainly. The rules are booking.checkin's; these views only translate.
"""

import re
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from booking import checkin, errors
from booking.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, Booking, normalize_reference
from tours.horizon import horizon_day
from workspace import access, selectors
from workspace.forms import CheckInForm
from workspace.views import workspace_view

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


# --- The day's arrivals board -------------------------------------------------------------

# What a tap on the board asks for, and the service that does it.
_ACTIONS = {"check_in", "undo", "no_show", "no_show_undo"}


def _day(text: str) -> date:
    if (day := horizon_day(text)) is None:
        raise Http404
    return day


@workspace_view
@require_GET
def arrivals_today(request: HttpRequest) -> HttpResponse:
    return redirect("workspace:arrivals_day", day=timezone.localdate().isoformat())


@workspace_view
@require_GET
def arrivals(request: HttpRequest, day: str) -> HttpResponse:
    """Per departure of the day: expected, arrived and missing, and each party with one tap
    to check in; a search by name or reference for visitors without their code. With
    JavaScript the board refreshes itself (static/js/arrivals.js); without, every tap
    reloads it."""
    the_day = _day(day)
    query = request.GET.get("q", "").strip()[:100]
    now = timezone.now()
    departures = selectors.arrivals_board(user=request.user, day=the_day, query=query)
    for departure in departures:
        for booking in departure.bookings:
            booking.can_check_in = _allowed(checkin.check_can_check_in, booking, now)
            booking.can_mark_no_show = (
                not booking.is_checked_in
                and not booking.is_no_show
                and now >= checkin.no_show_from(booking)
            )
    context = {
        "day": the_day,
        "is_today": the_day == timezone.localdate(now),
        "previous_day": the_day - timedelta(days=1),
        "next_day": the_day + timedelta(days=1),
        "departures": departures,
        "query": query,
        "is_member": access.is_member(request.user),
        "grace_minutes": int(checkin.NO_SHOW_GRACE.total_seconds() // 60),
    }
    template = "workspace/_arrivals_board.html" if request.GET.get("part") else None
    return render(request, template or "workspace/arrivals.html", context)


def _allowed(rule, booking: Booking, now) -> bool:
    try:
        rule(booking, now=now)
    except errors.BookingError:
        return False
    return True


@workspace_view
@require_POST
def arrival_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap on the board: check in (with the number who came), undo, mark as not come, or
    undo that. Another company's booking is a 404 (access.bookings_to_check_in)."""
    booking = get_object_or_404(access.bookings_to_check_in(request.user), pk=pk)
    action = request.POST.get("action", "")
    if action not in _ACTIONS:
        raise Http404
    said = {"name": booking.name}
    try:
        messages.success(
            request,
            _("%(name)s: %(done)s") % {**said, "done": _arrival_do(request, booking, action)},
        )
    except errors.BookingError as error:
        messages.error(request, _("%(name)s: %(done)s") % {**said, "done": error.text})
    day = timezone.localdate(booking.slot.start).isoformat()
    target = reverse("workspace:arrivals_day", kwargs={"day": day})
    query = request.POST.get("q", "").strip()[:100]
    search = f"?{urlencode({'q': query})}" if query else ""
    return redirect(f"{target}{search}#slot-{booking.slot_id}")


def _arrival_do(request: HttpRequest, booking: Booking, action: str) -> str:
    """Does what the tap asks and says what was done; raises the service's refusal."""
    if action == "check_in":
        form = CheckInForm(request.POST, booking=booking)
        if not form.is_valid():
            raise errors.ArrivedInvalid(booking.party_size)
        done = checkin.booking_check_in(
            booking_id=booking.pk, arrived=form.cleaned_data["arrived"], by=request.user
        )
        return checked_in_text(done)
    if action == "undo":
        checkin.booking_check_in_undo(booking_id=booking.pk)
        return _("The check-in is undone.")
    if action == "no_show":
        checkin.booking_mark_no_show(booking_id=booking.pk)
        return _("Marked as not come.")
    checkin.booking_no_show_undo(booking_id=booking.pk)
    return _("The no-show mark is removed.")
