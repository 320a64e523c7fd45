from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from booking import month
from catalogue import selectors, visit_selectors
from catalogue.forms import VisitFilterForm
from catalogue.visits import visit_links
from tours.horizon import day_in_horizon
from tours.models import Company


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/home.html",
        {
            "companies": selectors.companies_for_listing(),
            # Read only when the page's cached part is rendered (booking.templatetags.page_cache).
            "departures": SimpleLazyObject(lambda: selectors.next_departures(limit=8)),
            "find_form": VisitFilterForm(auto_id="find-%s", compact=True),
        },
    )


def visits(request: HttpRequest) -> HttpResponse:
    """The visits page: every published tour with departures that match the visitor's
    filters (plain GET parameters, so a search is a link), by its next departure.

    Its content is the page's cached part (booking.templatetags.page_cache), kept under the
    normalised search and the page shown, until any tour's supply changes; the cards are read
    only when it is rendered. A hit costs two light queries: the municipalities (the form's
    choices, which decide whether `area` is valid) and the matching tours in order (which
    page is shown, and the count). A search with an error is not cached (it shows the
    address's own values back)."""
    municipalities = visit_selectors.municipalities_with_tours()
    asked = any(request.GET.get(name) for name in request.GET if name != "page")
    form = VisitFilterForm(request.GET if asked else None, municipalities=municipalities)
    filters = form.filters()
    normalised = form.normalised_query()
    if normalised is not None and form.is_bound:
        form.data = normalised  # shown back as the cached copy shows it to every asker
    results = visit_selectors.find_visits(filters, page=request.GET.get("page") or 1)
    params = normalised if normalised is not None else request.GET
    return render(
        request,
        "catalogue/visits.html",
        {
            "form": form,
            "filters": filters,
            "results": results,
            "links": SimpleLazyObject(lambda: visit_links(params, form, filters, results.page)),
            "cache_key": None
            if normalised is None
            else f"{normalised.urlencode()}&page={results.page.number}",
        },
    )


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The company's photos prefetched: its picture, and its tours' where they have none.
    company = get_object_or_404(Company.objects.prefetch_related("photos"), slug=slug)
    return render(
        request,
        "catalogue/company.html",
        {
            "company": company,
            "tours": selectors.company_tours(company=company),
        },
    )


def tour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tour and its dates: a month calendar (?month=2027-05&day=2027-05-15) whose chosen
    day's departures are listed below it, or (?view=list, or the older ?from=) the next two
    weeks as a plain list. Bad input in the address falls back to the defaults, never a 500
    (docs/calendar.md).

    Everything below the title is the page's cached part (booking.templatetags.page_cache),
    kept per tour, view and normalised address until the tour's supply changes: what it shows
    is read lazily, only when it is rendered. A hit costs one light query (the title)."""
    head = selectors.published_tour_head(pk)
    if head is None:
        raise Http404
    tour = SimpleLazyObject(lambda: selectors.published_tour_or_none(pk))
    page = {
        "tour_id": pk,
        "head": head,
        "tour": tour,
        "company": SimpleLazyObject(lambda: tour.company),
    }
    if request.GET.get("view") == "list" or "from" in request.GET:
        return _tour_list(request, tour, page)
    now = timezone.now()
    today = timezone.localdate(now)
    month_text, day_text = request.GET.get("month"), request.GET.get("day")
    choice = SimpleLazyObject(
        lambda: month.choose(tour=tour, month_text=month_text, day_text=day_text, now=now)
    )

    def departures() -> list:
        if choice.day is None:
            return []
        return month.day_departures(tour=tour, day=choice.day, now=now)

    def grid() -> month.MonthGrid:
        return month.month_grid(
            month=choice.month, days=choice.days, selected=choice.day, today=today
        )

    shown_slots = SimpleLazyObject(departures)
    return render(
        request,
        "catalogue/tour.html",
        page
        | {
            "view": "calendar",
            # What the address asks for, as month.choose reads it: the cached part's key.
            "asked": (month.parse_month(month_text), month.parse_day(day_text)),
            "grid": SimpleLazyObject(grid),
            "chosen_day": SimpleLazyObject(lambda: choice.day),
            "departures": shown_slots,
            "shown_slots": shown_slots,
        },
    )


def _tour_list(request: HttpRequest, tour, page: dict) -> HttpResponse:
    """The tour's next two weeks of departures as a list, paged by ?from=."""
    try:
        first_day = date.fromisoformat(request.GET["from"]) if request.GET.get("from") else None
    except ValueError:
        first_day = None
    if first_day is not None and not day_in_horizon(first_day):
        first_day = None
    start, end = selectors.tour_window(first_day=first_day)
    slots = SimpleLazyObject(lambda: selectors.tour_slots(tour=tour, start=start, end=end))
    local_end = timezone.localdate(end)
    previous = timezone.localdate(start) - timedelta(days=selectors.WINDOW_DAYS)
    return render(
        request,
        "catalogue/tour.html",
        page
        | {
            "view": "list",
            "shown_slots": slots,
            "days": SimpleLazyObject(lambda: _by_day(slots)),
            "window_start": timezone.localdate(start),
            "window_end": local_end - timedelta(days=1),
            "next_from": local_end,
            "previous_from": previous if timezone.localdate(start) > timezone.localdate() else None,
        },
    )


def _by_day(slots) -> list[tuple[date, list]]:
    days: dict[date, list] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.start), []).append(slot)
    return list(days.items())


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, linked from every form that takes personal data (docs/privacy.md)."""
    return render(
        request,
        "catalogue/privacy.html",
        {"retention_days": settings.RETENTION_DAYS, "contact": settings.DEFAULT_FROM_EMAIL},
    )
