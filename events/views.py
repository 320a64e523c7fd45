"""HTTP in, service call, HTTP out. The rules are in events.services and events.registrations."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from core.ratelimit import limit_posts
from core.roles import requires
from events import calendar, registrations, selectors, services, travel
from events.forms import (
    DEFAULT_STOP_LENGTH,
    MAX_STOPS,
    EventForm,
    RegistrationForm,
    StopForm,
    StopFormSet,
)
from events.models import Event, Registration, Stop
from events.permissions import is_organiser, organiser_events

# ---------------------------------------------------------------- public


def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.published_events()
    return render(request, "events/list.html", {"events": events})


def _public_event(request: HttpRequest, slug: str) -> Event:
    """Published and cancelled events are public; a draft only to those who may edit it."""
    event = get_object_or_404(Event.objects.select_related("organiser"), slug=slug)
    if event.status == Event.Status.DRAFT and not (
        is_organiser(request.user) and organiser_events(request.user).filter(pk=event.pk).exists()
    ):
        raise Http404
    return event


def _email(request: HttpRequest, *args, **kwargs) -> str:
    return request.POST.get("email", "")


def _token(request: HttpRequest, token: str) -> str:
    return token


@require_http_methods(["GET", "POST"])
@limit_posts("registration", target=_email)
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(request, slug)
    open_ = event.is_published and timezone.now() < event.registration_deadline
    form = RegistrationForm(request.POST or None, full=event.places_left == 0)
    if request.method == "POST" and open_ and form.is_valid():
        try:
            registration = registrations.registration_create(
                event_id=event.pk,
                visitor=form.visitor(),
                party_size=form.cleaned_data["party_size"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
            event.refresh_from_db()
        else:
            if registration.status == Registration.Status.WAITING:
                messages.info(request, _("The event is full: you are on the waiting list."))
            else:
                messages.success(request, _("Thank you! You are registered."))
            return redirect(registration)
    context = {
        "event": event,
        "programme": selectors.programme_with_legs(event),
        "form": form,
        "open": open_,
    }
    feed_url = request.build_absolute_uri(reverse("events:feed", args=[event.slug]))
    context["webcal_url"] = "webcal://" + feed_url.split("://", 1)[1]
    status = 400 if request.method == "POST" else 200
    return render(request, "events/detail.html", context, status=status)


def event_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The public calendar feed: METHOD:PUBLISH, the programme only, no personal data."""
    event = _public_event(request, slug)
    body = calendar.feed(event, selectors.programme(event))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    return response


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event").filter(Registration.token_lookup(token))
    )


@never_cache  # a participant's personal page
@require_http_methods(["GET", "POST"])
@limit_posts("visitor_change", target=_token)
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own page, reached through the secret link in their e-mail."""
    registration = _registration(token)
    if request.method == "POST":
        try:
            registrations.registration_cancel(registration=registration)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(registration)
    event = registration.event
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": event,
            "programme": selectors.programme_with_legs(event),
        },
    )


def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    if registration.status != Registration.Status.CONFIRMED:
        raise Http404
    event = registration.event
    body = calendar.invitation(event, selectors.programme(event), attendee=registration)
    response = HttpResponse(body, content_type="text/calendar; method=REQUEST; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts("host_answer", target=_token)
def host_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The host company accepts or declines a stop, through the secret link it was mailed."""
    stop = get_object_or_404(
        Stop.objects.select_related("event", "company").filter(Stop.token_lookup(token)),
        removed_at=None,
    )
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in {"accept", "decline"}:
            return HttpResponse(status=400)
        try:
            stop = services.stop_answer(stop=stop, accept=answer == "accept")
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Thank you! The organiser has been told."))
        return redirect("events:host", token=token)
    return render(request, "events/host.html", {"stop": stop, "event": stop.event})


# ---------------------------------------------------------------- organisers


def organiser_required(view):
    """Log-in, then the organiser role; other users get 403 (with the way on). The log-in
    does not lead there for them (the role mark, core.roles.requires)."""

    @requires(is_organiser)
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _own_event(request: HttpRequest, pk: int) -> Event:
    """Another organiser's event is a 404, whatever id is tried."""
    return get_object_or_404(organiser_events(request.user), pk=pk)


@organiser_required
def organiser_list(request: HttpRequest) -> HttpResponse:
    events = selectors.organiser_overview(organiser_events(request.user)).order_by("-created")
    return render(request, "events/organiser/list.html", {"events": events})


@organiser_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(organiser=request.user, **form.cleaned_data)
        messages.success(request, _("The event is created as a draft. Now plan its programme."))
        return redirect("events:programme", pk=event.pk)
    return render(request, "events/organiser/form.html", {"form": form}, status=_status(request))


@organiser_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _own_event(request, pk)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.text)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:organise", pk=event.pk)
    context = {"form": form, "event": event}
    return render(request, "events/organiser/form.html", context, status=_status(request))


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@organiser_required
def event_organise(request: HttpRequest, pk: int) -> HttpResponse:
    event = _own_event(request, pk)
    programme = selectors.programme_with_legs(event)
    return render(
        request,
        "events/organiser/event.html",
        {
            "event": event,
            "programme": programme,
            "problems": services.programme_check(
                event=event, stops=[_as_data(s) for s, _ in programme]
            ),
            "registrations": selectors.registrations_for(event),
        },
    )


def _as_data(stop: Stop) -> services.StopData:
    return services.StopData(
        company=stop.company,
        start=stop.start,
        end=stop.end,
        activity=stop.activity_da or "",
        activity_en=stop.activity_en or "",
        activity_de=stop.activity_de or "",
        stop_id=stop.pk,
    )


@organiser_required
@require_POST
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = _own_event(request, pk)
    try:
        services.event_publish(event=event)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The event is published and open for registration."))
    return redirect("events:organise", pk=event.pk)


@organiser_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _own_event(request, pk)
    try:
        services.event_cancel(event=event)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request, _("The event is cancelled. Participants and hosts are being told.")
        )
    return redirect("events:organise", pk=event.pk)


# ---------------------------------------------------------------- the programme editor


@organiser_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: `check` shows conflicts and travel legs without saving, `propose` fills
    the earliest feasible start into new rows, `save` reserves all or nothing."""
    event = _own_event(request, pk)
    if event.status == Event.Status.CANCELLED:
        messages.error(request, _("This event has been cancelled."))
        return redirect("events:organise", pk=event.pk)
    action = request.POST.get("action", "check")
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and action == "propose":
        _propose(data)
    if data is not None:
        _add_empty_row(data)
    initial = [StopForm.initial_for(s) for s in selectors.programme(event)]
    formset = StopFormSet(data, initial=initial, prefix="stops")
    problems, legs, rows = [], [], []
    if data is not None and formset.is_valid():
        rows = [f.stop_data() for f in formset.forms]
        stops = sorted((r for r in rows if r), key=lambda r: r.start)
        problems = services.programme_check(event=event, stops=[r for r in rows if r])
        legs = travel.legs(stops)
        if action == "save":
            saved = _save(request, event, [r for r in rows if r], formset)
            if saved:
                return saved
    elif data is None:
        stops = selectors.programme(event)
        legs = travel.legs(stops)
        problems = services.programme_check(event=event, stops=[_as_data(s) for s in stops])
    context = {"event": event, "formset": formset, "problems": problems, "legs": legs}
    status = 400 if data is not None and not formset.is_valid() else 200
    return render(request, "events/organiser/programme.html", context, status=status)


def _save(request: HttpRequest, event: Event, stops, formset) -> HttpResponse | None:
    try:
        services.programme_save(event=event, stops=stops)
    except DomainError as error:
        formset.non_form_errors().append(error.text)
        return None
    messages.success(request, _("The programme is saved; the hosts are asked to confirm."))
    return redirect("events:organise", pk=event.pk)


def _add_empty_row(data: QueryDict) -> None:
    """After Check or Propose the organiser keeps planning: offer an empty row again if the
    last one is in use. An empty extra row is valid and ignored."""
    try:
        total = int(data.get("stops-TOTAL_FORMS", ""))
    except ValueError:
        return
    if 0 < total < MAX_STOPS and data.get(f"stops-{total - 1}-company"):
        data["stops-TOTAL_FORMS"] = str(total + 1)


def _complete(form: StopForm) -> bool:
    cleaned = form.cleaned_data
    return bool(
        cleaned.get("company")
        and cleaned.get("day")
        and cleaned.get("start_time")
        and cleaned.get("end_time")
        and not cleaned.get("DELETE")
    )


def _propose(data: QueryDict) -> None:
    """Fills the earliest feasible start (after the latest stop, plus travel) into every
    row that has a company but no time yet. Works on the submitted data, saves nothing."""
    formset = StopFormSet(data, prefix="stops", form_kwargs={"proposing": True})
    if not formset.is_valid():
        return
    filled = [f.stop_data() for f in formset.forms if _complete(f)]
    if not filled:
        return
    for i, form in enumerate(formset.forms):
        cleaned = form.cleaned_data
        if not cleaned.get("company") or cleaned.get("start_time"):
            continue
        previous = max(filled, key=lambda s: s.end)
        start = timezone.localtime(travel.earliest_start(previous, cleaned["company"]))
        end = start + DEFAULT_STOP_LENGTH
        data[f"stops-{i}-day"] = start.date().isoformat()
        data[f"stops-{i}-start_time"] = f"{start:%H:%M}"
        data[f"stops-{i}-end_time"] = f"{end:%H:%M}"
        filled.append(
            services.StopData(company=cleaned["company"], start=start, end=end, stop_id=None)
        )
