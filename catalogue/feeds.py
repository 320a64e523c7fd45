"""Subscribable calendar feeds (METHOD:PUBLISH): per company, per tour and for the whole
cluster, with no personal data. Calendar text is built in booking.calendar (each company's
private staff feed, with names, is the workspace's: workspace.feeds)."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from booking import calendar
from catalogue import feed_selectors, selectors
from core import ical
from tours.models import Company


def _response(ics: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _cached(view):
    """Public feeds are the same for everyone, and calendar clients poll them: each is built
    at most once per FEED_CACHE_SECONDS per language (a 1,000-slot feed takes about a second
    to serialise), then served from the shared cache. Places left may lag by that long;
    subscribers' calendars refresh every few hours anyway."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = f"feed:{get_language()}:{request.path}"
        cached = cache.get(key)
        if cached is not None:
            ics, disposition = cached
            response = _response(ics, filename="")
            response["Content-Disposition"] = disposition
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            cached = (response.content, response["Content-Disposition"])
            cache.set(key, cached, settings.FEED_CACHE_SECONDS)
        return response

    return wrapper


def _events(slots, now):
    return [calendar.slot_event(slot, now=now) for slot in slots]


@require_http_methods(["GET", "HEAD"])
@_cached
def cluster_feed(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    ics = ical.feed_ics(
        name=_("Klyngebesøg: all tours"),
        description=_("Tours and visits at every member company, with places left."),
        events=_events(feed_selectors.feed_slots_cluster(now=now), now),
        url=settings.SITE_URL + request.path,
    )
    return _response(ics, filename="klyngebesog.ics")


@require_http_methods(["GET", "HEAD"])
@_cached
def company_feed(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    now = timezone.now()
    ics = ical.feed_ics(
        name=_("%(company)s: tours") % {"company": company.name},
        description=_("Tours and visits at %(company)s, with places left.")
        % {"company": company.name},
        events=_events(feed_selectors.feed_slots_company(company=company, now=now), now),
        url=settings.SITE_URL + company.get_absolute_url(),
    )
    return _response(ics, filename=f"{company.slug}.ics")


@require_http_methods(["GET", "HEAD"])
@_cached
def tour_feed(request: HttpRequest, pk: int) -> HttpResponse:
    tour = selectors.published_tour_or_none(pk)
    if tour is None:
        raise Http404
    now = timezone.now()
    ics = ical.feed_ics(
        name=f"{tour.title}{ical.DASH}{tour.company.name}",
        description=_("Dates of this tour, with places left."),
        events=_events(feed_selectors.feed_slots_tour(tour=tour, now=now), now),
        url=settings.SITE_URL + tour.get_absolute_url(),
    )
    return _response(ics, filename=f"tour-{tour.pk}.ics")
