"""HTTP in, service call, HTTP out. Booking the plan is booking.plans' call; the plan itself
is a list of departures in the session (dayplan.session)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from booking import capacity, errors, plans
from core.contact import MAX_PARTY_SIZE
from core.errors import DomainError
from core.formats import format_day
from core.ratelimit import limit_posts
from dayplan import selectors, session
from dayplan.forms import PlanBookingForm, parse_ids

DEFAULT_PARTY = 2


def _email(request: HttpRequest, *args, **kwargs) -> str:
    return request.POST.get("email", "")


def _party_size(request: HttpRequest) -> int:
    """The party the prices are shown for: ?people=N, or two."""
    text = request.GET.get("people", "")
    if text.isdigit() and 1 <= int(text) <= MAX_PARTY_SIZE:
        return int(text)
    return DEFAULT_PARTY


def _plan_url(**query) -> str:
    url = reverse("dayplan:plan")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@never_cache  # the visitor's own plan and details: never kept by a browser or proxy cache
@require_http_methods(["GET", "POST"])
@limit_posts("booking", target=_email)
def plan(request: HttpRequest) -> HttpResponse:
    """The plan in time order with the drives between the visits and the warnings, the
    prices for the party, and one form that books every visit. `?visits=12,15` shows a
    plan from a link (shared by someone else) in place of the visitor's own."""
    own = session.plan_ids(request)
    shared = parse_ids(request.GET["visits"]) if "visits" in request.GET else None
    ids = shared if shared is not None else own
    party_size = _party_size(request)
    form = None
    refused = None
    if request.method == "POST":
        ids = parse_ids(request.POST.get("visits", "")) or ids
        form = PlanBookingForm(request.POST, visits=ids, party_size=party_size)
        if form.is_valid():
            party_size = form.cleaned_data["party_size"]
            try:
                bookings = plans.bookings_create_together(
                    slot_ids=form.cleaned_data["visits"],
                    visitor=form.visitor(),
                    party_size=party_size,
                    idempotency_key=f"plan:{form.cleaned_data['submission_id']}",
                )
            except errors.PlanVisitRefused as error:
                form.add_error(None, error.text)
                refused = error.slot_id
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.text)
            else:
                session.booked_save(request, [booking.pk for booking in bookings])
                return redirect("dayplan:booked")
    day_plan = selectors.plan_read(ids, party_size=party_size)
    if form is None and day_plan.stops:
        form = PlanBookingForm(visits=day_plan.slot_ids, party_size=party_size)
    other = None
    if request.GET.get("other", "").isdigit():
        other = next(iter(selectors.plan_slots([int(request.GET["other"])])), None)
    return render(
        request,
        "dayplan/plan.html",
        {
            "plan": day_plan,
            "form": form,
            "refused": refused,
            "shared": shared is not None and shared != own,
            "share_url": request.build_absolute_uri(
                _plan_url(visits=",".join(str(pk) for pk in day_plan.slot_ids))
            )
            if day_plan.stops
            else "",
            "other": other,
            "max_visits": plans.MAX_VISITS,
        },
        status=400 if request.method == "POST" else 200,
    )


def _slot_from_post(request: HttpRequest):
    text = request.POST.get("slot", "")
    if not text.isdigit() or len(text) > 9:
        return None
    return next(iter(selectors.plan_slots([int(text)])), None)


@require_POST
@limit_posts("dayplan")
def add(request: HttpRequest) -> HttpResponse:
    """Adds a departure to the plan (this is what starts a session). One day per plan: a
    departure on another day is offered as the start of a new plan instead."""
    slot = _slot_from_post(request)
    if slot is None:
        messages.error(request, _("This departure does not exist or is no longer offered."))
        return redirect("dayplan:plan")
    ids = session.plan_ids(request)
    if slot.pk in ids:
        messages.info(request, _("This visit is already in your day plan."))
        return redirect("dayplan:plan")
    if not capacity.is_bookable(slot, now=timezone.now()):
        messages.error(
            request, _("This departure can no longer be booked. Please choose another time.")
        )
        return redirect(slot.tour.get_absolute_url())
    replace = request.POST.get("replace") == "1"
    others = selectors.plan_slots(ids)
    day = timezone.localdate(slot.start)
    if not replace and any(timezone.localdate(s.start) != day for s in others):
        return redirect(_plan_url(other=slot.pk) + "#other-day")
    # Departures gone since they were added drop out of the plan here.
    ids = [] if replace else [s.pk for s in others]
    if len(ids) >= plans.MAX_VISITS:
        messages.error(request, errors.PlanTooLong(plans.MAX_VISITS).text)
        return redirect("dayplan:plan")
    session.plan_save(request, [*ids, slot.pk])
    messages.success(
        request,
        _("%(tour)s at %(company)s is in your day plan for %(day)s.")
        % {"tour": slot.tour.title, "company": slot.tour.company.name, "day": format_day(day)},
    )
    return redirect("dayplan:plan")


@require_POST
@limit_posts("dayplan")
def remove(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("slot", "")
    ids = session.plan_ids(request)
    if text.isdigit() and int(text) in ids:
        session.plan_save(request, [pk for pk in ids if pk != int(text)])
        messages.success(request, _("The visit is removed from your day plan."))
    return redirect("dayplan:plan")


@require_POST
@limit_posts("dayplan")
def clear(request: HttpRequest) -> HttpResponse:
    if session.plan_ids(request):
        session.plan_save(request, [])
        messages.success(request, _("Your day plan is empty again."))
    return redirect("dayplan:plan")


@require_POST
@limit_posts("dayplan")
def keep(request: HttpRequest) -> HttpResponse:
    """Makes a plan from a link the visitor's own, in place of theirs."""
    ids = parse_ids(request.POST.get("visits", "")) or []
    ids = [slot.pk for slot in selectors.plan_slots(ids)]
    if ids:
        session.plan_save(request, ids)
        messages.success(request, _("The plan is now your day plan."))
    return redirect("dayplan:plan")


@never_cache  # holds the secret links of the visits just booked
def booked(request: HttpRequest) -> HttpResponse:
    """The one confirmation of the whole plan: each visit with its reference, total and own
    page. Shown to the browser that booked it (the session), for as long as it keeps it."""
    bookings = selectors.booked_bookings(session.booked_ids(request))
    if not bookings:
        return redirect("dayplan:plan")
    return render(
        request,
        "dayplan/booked.html",
        {
            "bookings": bookings,
            "first": bookings[0],
            "total": sum(booking.total for booking in bookings),
        },
    )
