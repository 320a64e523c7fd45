"""HTTP in, service call, HTTP out. The booking rules are in booking.services."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from booking import (
    calendar,
    capacity,
    checkin,
    errors,
    links,
    month,
    retention,
    services,
    waitlist,
)
from booking.forms import BookingForm, LostLinkForm, MoveForm, PartySizeForm, WaitlistForm
from booking.models import Booking, WaitlistEntry
from core import ical
from core.confirm import confirmed
from core.contact import MAX_PARTY_SIZE
from core.errors import DomainError
from core.ratelimit import limit_posts
from tours.models import Slot


def _email(request: HttpRequest, *args, **kwargs) -> str:
    return request.POST.get("email", "")


def _token(request: HttpRequest, token: str, *args, **kwargs) -> str:
    return token


@require_http_methods(["GET", "POST"])
@limit_posts("booking", target=_email)
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.select_related("tour", "tour__company"), pk=slot_id, tour__published=True
    )
    form = BookingForm(request.POST or None, slot=slot, initial=_asked_party(request))
    now = timezone.now()
    bookable = capacity.is_bookable(slot, now=now)
    waitlist_form = WaitlistForm(slot=slot) if capacity.waitlist_open(slot, now=now) else None
    if request.method == "POST" and form.is_valid():
        asked = form.cleaned_data["party_size"]
        try:
            booking = services.booking_create(
                slot_id=slot.pk,
                visitor=form.visitor(),
                party_size=asked,
                idempotency_key=f"form:{form.cleaned_data['submission_id']}",
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
            slot.refresh_from_db()
            if isinstance(error, errors.SlotFull | errors.NotEnoughPlaces | errors.SlotTaken):
                waitlist_form = _waitlist_choice(form, slot, asked, bookable=bookable)
        else:
            return _show_confirmed(request, booking)
    return render(
        request,
        "booking/book.html",
        {
            "slot": slot,
            "tour": slot.tour,
            "company": slot.tour.company,
            "form": form,
            "bookable": bookable,
            "waitlist_form": waitlist_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _asked_party(request: HttpRequest) -> dict:
    """`?people=4` from the visits page (docs/finding.md): the form starts at that size."""
    people = request.GET.get("people", "")
    if request.method != "GET" or not re.fullmatch(r"[0-9]{1,4}", people):
        return {}
    return {"party_size": int(people)} if 1 <= int(people) <= MAX_PARTY_SIZE else {}


# The session key that tells the booking's page, once, that it follows the booking itself.
JUST_CONFIRMED = "booking_just_confirmed"


def _show_confirmed(request: HttpRequest, booking: Booking) -> HttpResponse:
    """To the booking's own page, whose heading then says the booking is confirmed and takes
    the focus (autofocus on a tabindex=-1 heading, no script), so a screen reader announces
    the outcome instead of starting again at the top of an unknown page."""
    request.session[JUST_CONFIRMED] = booking.pk
    return redirect(booking)


def _waitlist_choice(
    form: BookingForm, slot: Slot, asked: int, *, bookable: bool
) -> WaitlistForm | None:
    """After a refusal for want of places: one form, never two. While the booking form is
    shown, it keeps what was typed and gains the waiting-list button for the size asked;
    when it is not (the departure was full already), the waiting-list form takes what was
    typed. Nothing is offered for a party that could never fit (capacity.waitlist_fits)."""
    if not capacity.waitlist_fits(slot, asked):
        return None
    if bookable:
        form.offer_waitlist(party_size=asked)
        return None
    return WaitlistForm(slot=slot, initial={**form.cleaned_data, "party_size": asked})


# What a link secret looks like (core.secrets). Anything else (a NUL byte would even upset
# the database driver) is turned away before a query, with the same 404 as an unknown one.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _check_token(token: str) -> None:
    if not _TOKEN.match(token):
        raise Http404


def _booking_for_token(token: str) -> Booking:
    # A wrong or revoked token is a plain 404 that says nothing about why.
    _check_token(token)
    return get_object_or_404(
        Booking.objects.select_related("slot", "slot__tour", "slot__tour__company").filter(
            Booking.token_lookup(token)
        )
    )


@never_cache  # the visitor's personal page: never kept by a browser or a proxy cache
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor's own page, reached through the secret link in their e-mail."""
    booking = _booking_for_token(token)
    now = timezone.now()
    deadline = services.booking_change_deadline(booking)
    can_change = _can_change(booking, now)
    context = {
        "booking": booking,
        "slot": booking.slot,
        "tour": booking.slot.tour,
        "company": booking.slot.tour.company,
        "deadline": deadline,
        "can_change": can_change,
        "is_past": now >= booking.slot.start,
        "just_confirmed": request.session.pop(JUST_CONFIRMED, None) == booking.pk,
        "can_erase": retention.booking_can_erase(booking, now=now),
    }
    if booking.is_active and not booking.is_checked_in and now < booking.slot.end:
        # segno's own markup (paths and numbers only), safe to put in the page as it is.
        context["checkin_qr"] = mark_safe(checkin.checkin_qr_svg(booking))  # noqa: S308
    if can_change:
        context["party_form"] = PartySizeForm(booking=booking)
        # Whether the move page has a date to offer (one query): the link, or why not.
        context["can_move"] = month.first_open_day(**_move_rule(booking), now=now) is not None
    # The token must not leak to other sites (the map): the site-wide Referrer-Policy
    # "same-origin" keeps it home. Not "no-referrer": Chromium then sends `Origin: null` with
    # the page's own forms, and CSRF protection rightly refuses them.
    return render(request, "booking/manage.html", context)


@require_http_methods(["GET", "POST"])
@limit_posts("visitor_change", target=_token)
def manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET, or a POST without the confirmation, shows what cancelling would do (the booking,
    its people, the mails that go out); the confirmation step's POST cancels."""
    booking = _booking_for_token(token)
    if confirmed(request):
        try:
            cancelled = services.booking_cancel(booking=booking, by_visitor=True)
        except DomainError as error:
            messages.error(request, error.text)
            return redirect(booking)
        messages.success(request, _("Your booking is cancelled. We have sent you a confirmation."))
        if request.POST.get("erase"):
            # After the cancellation's mails: the calendar CANCEL needs the address.
            cancelled = Booking.objects.select_related("slot").get(pk=cancelled.pk)
            if retention.booking_erase(booking=cancelled):
                return redirect("booking:erased")
            messages.info(request, ERASE_LATER)
        return redirect(booking)
    now = timezone.now()
    deadline = services.booking_change_deadline(booking)
    context = {
        "booking": booking,
        "slot": booking.slot,
        "tour": booking.slot.tour,
        "company": booking.slot.tour.company,
        "deadline": deadline,
        "can_cancel": booking.is_active and now < deadline and not booking.is_checked_in,
    }
    return render(request, "booking/cancel.html", context)


ERASE_LATER = gettext_lazy(
    "Your name and contact details will be erased as soon as the confirmation has been sent "
    "(within a few minutes). This link stops working then."
)


@require_http_methods(["GET", "POST"])
def manage_erase(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor erases their personal data from the booking, after the visit or once it
    is cancelled: a confirmation page, then the erasure (docs/privacy.md)."""
    booking = _booking_for_token(token)
    if not retention.booking_can_erase(booking):
        return redirect(booking)
    if request.method == "POST":
        if retention.booking_erase(booking=booking):
            return redirect("booking:erased")
        messages.info(request, ERASE_LATER)
        return redirect(booking)
    response = render(request, "booking/erase.html", {"booking": booking})
    response["Cache-Control"] = "private, no-store"
    return response


def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "booking/erased.html")


@require_POST
@limit_posts("visitor_change", target=_token)
def manage_resize(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_for_token(token)
    form = PartySizeForm(request.POST, booking=booking)
    if not form.is_valid():
        for error in form.errors.get("party_size", []):
            messages.error(request, error)
        return redirect(booking)
    return _change(request, booking, party_size=form.cleaned_data["party_size"])


def _move_rule(booking: Booking) -> dict:
    """What the move page offers: the booking's tour, departures that take its whole party,
    not the one it is on (booking.month)."""
    return {
        "tour": booking.slot.tour,
        "party_size": booking.party_size,
        "exclude_slot_id": booking.slot_id,
    }


def _can_change(booking: Booking, now) -> bool:
    # After arrival the booking is a record of the visit: nothing to change or cancel.
    return (
        booking.is_active
        and now < services.booking_change_deadline(booking)
        and not booking.is_checked_in
    )


def _move_page(booking: Booking, **query) -> str:
    url = reverse("booking:move", kwargs={"token": booking.token})
    return f"{url}?{urlencode(query)}#confirm" if query else url


@never_cache  # reached through the visitor's secret link, like the booking's page
@require_http_methods(["GET", "POST"])
@limit_posts("visitor_change", target=_token)
def manage_move(request: HttpRequest, token: str) -> HttpResponse:
    """Moving a booking: the tour's month calendar of the days with room for the whole party
    (?month=, ?day=, as on the tour page), that day's times, one chosen (?slot=), then the
    confirmation, whose POST (confirm=yes) moves it through the booking service. A POST
    without the confirmation only shows it. Bad input falls back to the defaults."""
    booking = _booking_for_token(token)
    now = timezone.now()
    if not _can_change(booking, now):
        return redirect(booking)
    if request.method == "POST":
        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That time can no longer be chosen. Please pick another."))
            return redirect(_move_page(booking))
        slot_id = form.cleaned_data["slot"]
        if not confirmed(request):
            return redirect(_move_page(booking, slot=slot_id))
        try:
            services.booking_change(booking=booking, by_visitor=True, slot_id=slot_id)
        except DomainError as error:
            messages.error(request, error.text)
            return redirect(_move_page(booking))
        messages.success(request, _("Your booking is changed. We have sent you the update."))
        return redirect(booking)
    rule = _move_rule(booking)
    chosen_id = _positive_int(request.GET.get("slot"))
    day_text = request.GET.get("day")
    if chosen_id is not None and not day_text:
        # ?slot= alone (the step after a POST without the confirmation): its own day.
        start = (
            Slot.objects.filter(pk=chosen_id, tour=booking.slot.tour)
            .values_list("start", flat=True)
            .first()
        )
        day_text = timezone.localdate(start).isoformat() if start else None
    choice = month.choose(
        month_text=request.GET.get("month") if day_text is None else None,
        day_text=day_text,
        now=now,
        **rule,
    )
    departures = []
    if choice.day is not None:
        departures = month.day_departures(day=choice.day, now=now, **rule)
    chosen = next((slot for slot in departures if slot.pk == chosen_id), None)
    context = {
        "booking": booking,
        "slot": booking.slot,
        "tour": booking.slot.tour,
        "company": booking.slot.tour.company,
        "deadline": services.booking_change_deadline(booking),
        "grid": month.month_grid(
            month=choice.month,
            days=choice.days,
            selected=choice.day,
            today=timezone.localdate(now),
            moving=True,
            booked_day=timezone.localdate(booking.slot.start),
        ),
        "chosen_day": choice.day,
        "departures": departures,
        "chosen": chosen,
        "chosen_gone": chosen_id is not None and chosen is None,
    }
    return render(request, "booking/move.html", context)


def _positive_int(text: str | None) -> int | None:
    if text and text.isascii() and text.isdigit() and len(text) <= 10:
        value = int(text)
        return value if 0 < value < 2**31 else None
    return None


def _change(request: HttpRequest, booking: Booking, **change) -> HttpResponse:
    try:
        services.booking_change(booking=booking, by_visitor=True, **change)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Your booking is changed. We have sent you the update."))
    return redirect(booking)


@require_POST
@limit_posts("waitlist", target=_email)
def waitlist_join(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.select_related("tour", "tour__company"), pk=slot_id, tour__published=True
    )
    form = WaitlistForm(request.POST, slot=slot)
    if form.is_valid():
        try:
            entry = waitlist.waitlist_join(
                slot_id=slot.pk, visitor=form.visitor(), party_size=form.cleaned_data["party_size"]
            )
        except errors.WaitlistNotNeeded as error:
            messages.info(request, error.text)
            return redirect("booking:book", slot_id=slot.pk)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
        else:
            messages.success(request, _("You are on the waiting list. We have sent you an e-mail."))
            return redirect(entry)
    context = {
        "slot": slot,
        "tour": slot.tour,
        "company": slot.tour.company,
        "form": None,
        "bookable": False,
        "waitlist_form": form,
    }
    return render(request, "booking/book.html", context, status=400)


@require_http_methods(["GET", "HEAD"])
def booking_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The booking as an .ics file for the visitor's calendar (METHOD:PUBLISH, the same UID
    and SEQUENCE as the e-mailed invitation, so importing both never duplicates it)."""
    booking = _booking_for_token(token)
    response = HttpResponse(
        calendar.booking_ics(booking, method=ical.PUBLISH),
        content_type="text/calendar; charset=utf-8",
    )
    filename = ical.ics_filename(
        f"booking-{booking.reference}", timezone.localdate(booking.slot.start)
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The URL holds the secret token: keep it out of shared caches and search engines.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _entry_for_token(token: str) -> WaitlistEntry:
    _check_token(token)
    return get_object_or_404(
        WaitlistEntry.objects.select_related(
            "slot", "slot__tour", "slot__tour__company", "booking"
        ).filter(WaitlistEntry.token_lookup(token))
    )


@never_cache
def waitlist_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The waiting visitor's page: their place, an offer to accept, or the way out."""
    entry = _entry_for_token(token)
    ahead = 0
    if entry.status == WaitlistEntry.Status.WAITING:
        ahead = WaitlistEntry.objects.filter(
            slot_id=entry.slot_id,
            status=WaitlistEntry.Status.WAITING,
            created__lt=entry.created,
        ).count()
    context = {
        "entry": entry,
        "slot": entry.slot,
        "tour": entry.slot.tour,
        "company": entry.slot.tour.company,
        "ahead": ahead,
        "offer_open": entry.status == WaitlistEntry.Status.OFFERED
        and timezone.now() < entry.offered_until,
    }
    return render(request, "booking/waitlist.html", context)


@require_POST
@limit_posts("visitor_change", target=_token)
def waitlist_accept(request: HttpRequest, token: str) -> HttpResponse:
    entry = _entry_for_token(token)
    try:
        booking = waitlist.waitlist_accept(entry=entry)
    except DomainError as error:
        messages.error(request, error.text)
        return redirect(entry)
    return _show_confirmed(request, booking)


@require_POST
@limit_posts("visitor_change", target=_token)
def waitlist_leave(request: HttpRequest, token: str) -> HttpResponse:
    entry = _entry_for_token(token)
    try:
        waitlist.waitlist_leave(entry=entry)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("You have left the waiting list."))
    return redirect(entry)


@require_http_methods(["GET", "POST"])
@limit_posts("lost_link", target=_email)
def lost_link(request: HttpRequest) -> HttpResponse:
    """E-mail and reference in, the link mailed out. The answer is the same whether or not
    such a booking exists; only the rate limit (per client and per e-mail address, counted
    whether or not a booking matches) answers differently, with the 429 page."""
    form = LostLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        links.booking_send_lost_link(
            email=form.cleaned_data["email"], reference=form.cleaned_data["reference"]
        )
        return render(request, "booking/lost_link.html", {"sent": True})
    status = 400 if request.method == "POST" else 200
    return render(request, "booking/lost_link.html", {"form": form}, status=status)
