from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

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
            "departures": selectors.next_departures(limit=8),
            "find_form": VisitFilterForm(auto_id="find-%s", compact=True),
        },
    )


def visits(request: HttpRequest) -> HttpResponse:
    """The visits page: every published tour with departures that match the visitor's
    filters (plain GET parameters, so a search is a link), by its next departure."""
    municipalities = visit_selectors.municipalities_with_tours()
    asked = any(request.GET.get(name) for name in request.GET if name != "page")
    form = VisitFilterForm(request.GET if asked else None, municipalities=municipalities)
    filters = form.filters()
    results = visit_selectors.find_visits(filters, page=request.GET.get("page") or 1)
    return render(
        request,
        "catalogue/visits.html",
        {
            "form": form,
            "filters": filters,
            "results": results,
            "links": visit_links(request.GET, form, filters, results.page),
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
    (docs/calendar.md)."""
    tour = selectors.published_tour_or_none(pk)
    if tour is None:
        raise Http404
    if request.GET.get("view") == "list" or "from" in request.GET:
        return _tour_list(request, tour)
    now = timezone.now()
    choice = month.choose(
        tour=tour, month_text=request.GET.get("month"), day_text=request.GET.get("day"), now=now
    )
    departures = []
    if choice.day is not None:
        departures = month.day_departures(tour=tour, day=choice.day, now=now)
    return render(
        request,
        "catalogue/tour.html",
        {
            "tour": tour,
            "company": tour.company,
            "view": "calendar",
            "grid": month.month_grid(
                month=choice.month,
                days=choice.days,
                selected=choice.day,
                today=timezone.localdate(now),
            ),
            "chosen_day": choice.day,
            "departures": departures,
        },
    )


def _tour_list(request: HttpRequest, tour) -> HttpResponse:
    """The tour's next two weeks of departures as a list, paged by ?from=."""
    try:
        first_day = date.fromisoformat(request.GET["from"]) if request.GET.get("from") else None
    except ValueError:
        first_day = None
    if first_day is not None and not day_in_horizon(first_day):
        first_day = None
    start, end = selectors.tour_window(first_day=first_day)
    slots = selectors.tour_slots(tour=tour, start=start, end=end)
    local_end = timezone.localdate(end)
    days: dict[date, list] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.start), []).append(slot)
    previous = timezone.localdate(start) - timedelta(days=selectors.WINDOW_DAYS)
    return render(
        request,
        "catalogue/tour.html",
        {
            "tour": tour,
            "company": tour.company,
            "view": "list",
            "days": days.items(),
            "window_start": timezone.localdate(start),
            "window_end": local_end - timedelta(days=1),
            "next_from": local_end,
            "previous_from": previous if timezone.localdate(start) > timezone.localdate() else None,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, linked from every form that takes personal data (docs/privacy.md)."""
    return render(
        request,
        "catalogue/privacy.html",
        {"retention_days": settings.RETENTION_DAYS, "contact": settings.DEFAULT_FROM_EMAIL},
    )
