"""The company workspace: HTTP in, service call, HTTP out.

Every object is loaded through a workspace.access queryset, so another company's tour, slot,
booking or pattern is a 404 whatever id is tried; an anonymous visitor is sent to log in."""

from datetime import date, datetime, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from booking import capacity, errors, services, slot_services
from booking.models import Booking
from core.confirm import confirmed
from core.errors import DomainError
from core.formats import format_day
from core.roles import requires
from events import selectors as event_selectors
from events import services as event_services
from figures.selectors import figures_for_period, month_period
from tours.horizon import horizon_day
from tours.models import Slot
from workspace import access, selectors
from workspace import services as ws_services
from workspace.exports import visitors_csv
from workspace.forms import (
    BookingChangeForm,
    CapacityForm,
    CompanyProfileForm,
    MoveSlotForm,
    PhoneBookingForm,
    PhoneFindForm,
    SlotForm,
    TourForm,
)


def workspace_view(view):
    """Log-in required; a logged-in user with no membership and no coordinator role is
    refused (403), so the workspace never shows an empty shell that looks like a bug. The
    log-in does not lead there (workspace.start), and the 403 page shows the way on."""

    @requires(access.has_workspace)
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.has_workspace(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# A coordinator sees every company's stops; the dashboard shows the soonest.
DASHBOARD_STOPS = 30


def _parse_day(text: str) -> date:
    if (day := horizon_day(text)) is None:
        raise Http404
    return day


# --- Dashboard ----------------------------------------------------------------------------


@workspace_view
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    # "New since your last visit" means since the previous session's visit: the moment is
    # remembered in the session, so reloading the page does not empty the list.
    since_key = "workspace_bookings_since"
    if since_key not in request.session:
        before = ws_services.profile_dashboard_seen(user=request.user)
        request.session[since_key] = before.isoformat() if before else ""
    since_text = request.session[since_key]
    since = datetime.fromisoformat(since_text) if since_text else None
    today = timezone.localdate()
    slots = selectors.dashboard_slots(user=request.user, first_day=today)
    days: dict[date, list[Slot]] = {today + timedelta(days=n): [] for n in range(7)}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.start), []).append(slot)
    new_count, new_bookings = selectors.new_bookings(user=request.user, since=since)
    companies = access.companies_for(request.user)
    stops = list(event_selectors.stops_for_company(companies)[:DASHBOARD_STOPS])
    # This month's figures beside the same month a year ago (figures.selectors, 6 queries).
    month = figures_for_period(
        period=month_period(today), company_ids=access.figure_company_ids(request.user)
    )
    return render(
        request,
        "workspace/dashboard.html",
        {
            "days": days.items(),
            "today": today,
            "since": since,
            "new_count": new_count,
            "new_bookings": new_bookings,
            "companies": companies,
            "stops": stops,
            "month": month,
        },
    )


# --- Tours --------------------------------------------------------------------------------


@workspace_view
@require_GET
def tour_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/tour_list.html",
        {"tours": selectors.workspace_tours(user=request.user)},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def tour_create(request: HttpRequest) -> HttpResponse:
    form = TourForm(request.POST or None, companies=access.companies_for(request.user))
    if request.method == "POST" and form.is_valid():
        tour = form.save()
        messages.success(request, _("The tour was created. Now add its departures."))
        return redirect("workspace:tour", pk=tour.pk)
    return render(
        request,
        "workspace/tour_form.html",
        {"form": form, "tour": None},
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def tour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tour = get_object_or_404(access.tours_for(request.user), pk=pk)
    form = TourForm(
        request.POST or None, instance=tour, companies=access.companies_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The tour was saved."))
        return redirect("workspace:tour", pk=tour.pk)
    return render(
        request,
        "workspace/tour_form.html",
        {"form": form, "tour": tour},
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
@require_POST
def tour_publish(request: HttpRequest, pk: int, publish: bool) -> HttpResponse:
    tour = get_object_or_404(access.tours_for(request.user), pk=pk)
    ws_services.tour_set_published(tour=tour, published=publish)
    if publish:
        messages.success(request, _("The tour is published: visitors can see and book it."))
    else:
        messages.success(
            request, _("The tour is hidden from visitors. Existing bookings still stand.")
        )
    return redirect("workspace:tour", pk=tour.pk)


@workspace_view
@require_http_methods(["GET", "POST"])
def tour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tour's schedule: its coming departures, a form to add one, and its patterns."""
    tour = get_object_or_404(access.tours_for(request.user), pk=pk)
    form = SlotForm(request.POST or None, tour=tour)
    if request.method == "POST" and form.is_valid():
        try:
            slot = slot_services.slot_create(
                tour=tour, start=form.local_start(), capacity=form.cleaned_data["capacity"]
            )
        except errors.SlotError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, _("Departure added: %(slot)s.") % {"slot": slot})
            return redirect("workspace:tour", pk=tour.pk)
    now = timezone.now()
    slots = selectors.tour_slots(tour=tour, start=now, end=now + timedelta(days=120))
    return render(
        request,
        "workspace/tour_detail.html",
        {"tour": tour, "form": form, "slots": slots, "patterns": tour.patterns.all()},
        status=400 if request.method == "POST" else 200,
    )


# --- Slots --------------------------------------------------------------------------------


def _slot(request: HttpRequest, pk: int) -> Slot:
    return get_object_or_404(selectors.with_reserved_places(access.slots_for(request.user)), pk=pk)


@workspace_view
@require_GET
def slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    return _render_slot(request, slot)


def _render_slot(request, slot: Slot, *, status: int = 200, **forms) -> HttpResponse:
    waiting = selectors.slot_waitlist(slot=slot)
    held = sum(e.party_size for e in waiting if e.status == e.Status.OFFERED)
    slot.waiting, slot.held = (
        len(waiting) - sum(e.status == e.Status.OFFERED for e in waiting),
        held,
    )
    context = {
        "slot": slot,
        "tour": slot.tour,
        "visitors": selectors.slot_visitors(slot=slot),
        "event_stop": selectors.slot_event_stop(slot=slot),
        "waitlist": waiting,
        "held": held,
        # Visitors are told to call after the cut-off; staff may book by phone until the start.
        "online_closed": capacity.booking_closes_at(slot) <= timezone.now() < slot.start,
        "capacity_form": CapacityForm(slot=slot),
    }
    if forms.get("capacity_form"):
        # The refused form keeps what was typed, with the help text of the slot as it is now.
        help_text = context["capacity_form"].fields["capacity"].help_text
        context["capacity_form"] = forms["capacity_form"]
        context["capacity_form"].fields["capacity"].help_text = help_text
    return render(request, "workspace/slot_detail.html", context, status=status)


@workspace_view
@require_POST
def slot_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    form = CapacityForm(request.POST, slot=slot)
    if form.is_valid():
        try:
            slot_services.slot_set_capacity(slot_id=slot.pk, capacity=form.cleaned_data["capacity"])
        except errors.SlotError as error:
            form.add_error("capacity" if error.field == "capacity" else None, error.text)
        else:
            messages.success(request, _("The capacity was changed."))
            return redirect("workspace:slot", pk=slot.pk)
    slot.refresh_from_db()
    return _render_slot(request, slot, status=400, capacity_form=form)


@workspace_view
@require_POST
def slot_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Closes a slot to new bookings or opens it again."""
    slot = _slot(request, pk)
    change = slot_services.slot_close if action == "close" else slot_services.slot_reopen
    try:
        change(slot_id=slot.pk)
    except errors.SlotError as error:
        messages.error(request, error.text)
    else:
        if action == "close":
            messages.success(request, _("The departure is closed to new bookings."))
        else:
            messages.success(request, _("The departure is open for bookings again."))
    return redirect("workspace:slot", pk=slot.pk)


def _warn_without_email(request: HttpRequest, bookings: list[Booking]) -> None:
    """Bookings taken by phone may have no e-mail address: no mail reaches them, so staff are
    told whom to call, with the number."""
    unreachable = [booking for booking in bookings if not booking.email]
    if not unreachable:
        return
    callers = ", ".join(
        f"{booking.name} ({booking.phone})" if booking.phone else booking.name
        for booking in unreachable
    )
    messages.warning(
        request,
        ngettext(
            "%(count)d visitor has no e-mail address and gets no message: call %(callers)s.",
            "%(count)d visitors have no e-mail address and get no message: call %(callers)s.",
            len(unreachable),
        )
        % {"count": len(unreachable), "callers": callers},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def slot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (or a POST without the confirmation) asks, listing who will be told and how; the
    confirmation step's POST cancels (core.confirm)."""
    slot = _slot(request, pk)
    if confirmed(request):
        try:
            _, bookings = slot_services.slot_cancel(slot_id=slot.pk)
        except errors.SlotError as error:
            messages.error(request, error.text)
        else:
            told = [booking for booking in bookings if booking.email]
            messages.success(
                request,
                ngettext(
                    "The departure is cancelled; %(count)d visitor is told by e-mail.",
                    "The departure is cancelled; %(count)d visitors are told by e-mail.",
                    len(told),
                )
                % {"count": len(told)},
            )
            _warn_without_email(request, bookings)
        return redirect("workspace:slot", pk=slot.pk)
    visitors = selectors.slot_visitors(slot=slot)
    return render(
        request,
        "workspace/slot_cancel.html",
        {
            "slot": slot,
            "tour": slot.tour,
            "visitors": visitors,
            "people": sum(booking.party_size for booking in visitors),
            "without_email": [booking for booking in visitors if not booking.email],
            "waitlist": selectors.slot_waitlist(slot=slot),
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def slot_move(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    form = MoveSlotForm(request.POST or None, slot=slot)
    if request.method == "POST" and form.is_valid():
        try:
            _, bookings = slot_services.slot_move(slot_id=slot.pk, start=form.local_start())
        except errors.SlotError as error:
            form.add_error(None, error.text)
        else:
            told = [booking for booking in bookings if booking.email]
            messages.success(
                request,
                ngettext(
                    "The departure was moved; %(count)d visitor gets the updated invitation.",
                    "The departure was moved; %(count)d visitors get the updated invitation.",
                    len(told),
                )
                % {"count": len(told)},
            )
            _warn_without_email(request, bookings)
            return redirect("workspace:slot", pk=slot.pk)
    return render(
        request,
        "workspace/slot_move.html",
        {
            "slot": slot,
            "tour": slot.tour,
            "form": form,
            "visitors": selectors.slot_visitors(slot=slot),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Visitor lists ------------------------------------------------------------------------


@workspace_view
@require_GET
def slot_print(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    visitors = selectors.slot_visitors(slot=slot)
    return render(
        request,
        "workspace/visitors_print.html",
        {"groups": [(slot, visitors)], "title": str(slot), "day": timezone.localdate(slot.start)},
    )


@workspace_view
@require_GET
def slot_csv(request: HttpRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    local = timezone.localtime(slot.start)
    return visitors_csv(
        selectors.slot_visitors(slot=slot), f"visitors-{local:%Y-%m-%d-%H%M}-{slot.pk}.csv"
    )


def _day_groups(bookings: list[Booking]) -> list[tuple[Slot, list[Booking]]]:
    groups: dict[int, tuple[Slot, list[Booking]]] = {}
    for booking in bookings:
        groups.setdefault(booking.slot_id, (booking.slot, []))[1].append(booking)
    return list(groups.values())


@workspace_view
@require_GET
def day_visitors(request: HttpRequest, day: str, printable: bool = False) -> HttpResponse:
    the_day = _parse_day(day)
    bookings = selectors.day_visitors(user=request.user, day=the_day)
    context = {
        "groups": _day_groups(bookings),
        "day": the_day,
        "title": _("Visitors %(day)s") % {"day": format_day(the_day, "weekday_date_year")},
        "previous_day": the_day - timedelta(days=1),
        "next_day": the_day + timedelta(days=1),
        "total": sum(b.party_size for b in bookings),
    }
    template = "workspace/visitors_print.html" if printable else "workspace/day.html"
    return render(request, template, context)


@workspace_view
@require_GET
def day_csv(request: HttpRequest, day: str) -> HttpResponse:
    the_day = _parse_day(day)
    bookings = selectors.day_visitors(user=request.user, day=the_day)
    return visitors_csv(bookings, f"visitors-{the_day.isoformat()}.csv")


@workspace_view
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    return redirect("workspace:day", day=timezone.localdate().isoformat())


# --- Bookings by phone --------------------------------------------------------------------


@workspace_view
@require_GET
def phone_booking(request: HttpRequest) -> HttpResponse:
    """Where a phone booking starts: staff pick the caller's tour and day, then a departure
    with places left, without having to find the departure first."""
    tours = access.tours_for(request.user).filter(published=True).order_by("title", "pk")
    form = PhoneFindForm(request.GET if "tour" in request.GET else None, tours=tours)
    on_day = later = None
    if form.is_bound and form.is_valid():
        on_day, later = selectors.phone_booking_slots(
            tour=form.cleaned_data["tour"], day=form.cleaned_data["day"]
        )
    return render(
        request,
        "workspace/phone_booking.html",
        {"form": form, "on_day": on_day, "later": later, "has_tours": tours.exists()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def slot_book(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff book on a visitor's behalf: the same service, rules and e-mails as online."""
    slot = _slot(request, pk)
    form = PhoneBookingForm(request.POST or None, slot=slot)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                slot_id=slot.pk,
                visitor=form.visitor(),
                party_size=form.cleaned_data["party_size"],
                source=Booking.Source.PHONE,
                idempotency_key=f"phone:{form.cleaned_data['submission_id']}",
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
            slot.refresh_from_db()
        else:
            if booking.email:
                text = _("Booked: reference %(ref)s. The visitor gets the confirmation by e-mail.")
            else:
                text = _(
                    "Booked: reference %(ref)s. No e-mail address, so no confirmation is sent: "
                    "give the visitor the reference on the phone."
                )
            messages.success(request, text % {"ref": booking.display_reference})
            return redirect("workspace:slot", pk=slot.pk)
    return render(
        request,
        "workspace/slot_book.html",
        {"slot": slot, "tour": slot.tour, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(access.bookings_for(request.user), pk=pk)
    if confirmed(request):  # else (GET, or a POST without it) the page asks first
        try:
            services.booking_cancel(booking=booking)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            if booking.email:
                text = _("Booking %(ref)s is cancelled; the visitor is told.")
            else:
                text = _(
                    "Booking %(ref)s is cancelled. It has no e-mail address: please call the "
                    "visitor."
                )
            messages.success(request, text % {"ref": booking.display_reference})
        return redirect("workspace:slot", pk=booking.slot_id)
    return render(
        request,
        "workspace/booking_cancel.html",
        {"booking": booking, "slot": booking.slot, "tour": booking.slot.tour},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def booking_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff move one booking to another departure of the same tour, or change its party size,
    through the one booking service (at any time: staff are not bound by the visitor's
    deadline). The visitor gets the updated invitation."""
    booking = get_object_or_404(access.bookings_for(request.user), pk=pk)
    targets = selectors.move_targets(booking=booking)
    form = BookingChangeForm(request.POST or None, booking=booking, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_change(
                booking=booking,
                slot_id=form.cleaned_data["slot"],
                party_size=form.cleaned_data["party_size"],
                source=Booking.Source.PHONE,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
        else:
            if booking.email:
                text = _("Booking %(ref)s is changed; the visitor gets the updated invitation.")
            else:
                text = _("Booking %(ref)s is changed.")
            messages.success(request, text % {"ref": booking.display_reference})
            _warn_without_email(request, [booking])
            return redirect("workspace:slot", pk=form.cleaned_data["slot"])
    return render(
        request,
        "workspace/booking_change.html",
        {"booking": booking, "slot": booking.slot, "tour": booking.slot.tour, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Event stops (the innovation relay) ----------------------------------------------------


@workspace_view
@require_POST
def stop_answer(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    """The host company accepts or declines an event stop, from its dashboard, through the
    events service (declining releases the slots the stop held; the organiser is told)."""
    stop = get_object_or_404(
        event_selectors.stops_for_company(access.companies_for(request.user), include_past=True),
        pk=pk,
    )
    try:
        event_services.stop_answer(stop=stop, accept=accept)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        if accept:
            messages.success(request, _("You accepted hosting the stop; the organiser is told."))
        else:
            messages.success(request, _("You declined hosting the stop; the organiser is told."))
    return redirect("workspace:dashboard")


# --- Company profile ----------------------------------------------------------------------


@workspace_view
@require_GET
def company_list(request: HttpRequest) -> HttpResponse:
    owned = set(access.companies_owned_by(request.user).values_list("pk", flat=True))
    companies = access.companies_for(request.user)
    return render(
        request,
        "workspace/company_list.html",
        {"companies": [(c, c.pk in owned) for c in companies]},
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(access.companies_for(request.user), slug=slug)
    if not access.companies_owned_by(request.user).filter(pk=company.pk).exists():
        # A member of this company, but not an owner: the profile is the owner's to edit.
        raise PermissionDenied
    form = CompanyProfileForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The company profile was saved."))
        return redirect(reverse("workspace:companies"))
    return render(
        request,
        "workspace/company_form.html",
        {"form": form, "company": company},
        status=400 if request.method == "POST" else 200,
    )
