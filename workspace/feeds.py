"""Each member company's private staff calendar: its booked departures with headcounts and
who comes, and the event stops it hosts or is asked to host, behind the company's secret
`feed_token` (revoked by regenerating it: tours.services.company_feed_token_rotate)."""

from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from booking import calendar
from booking.models import Booking
from core import ical
from events.calendar import host_stop_vevent
from events.models import Stop
from events.selectors import stops_for_company
from tours.models import Company, Slot

# A feed is a bounded document: a year ahead of even a busy company fits well within this.
FEED_MAX_EVENTS = 3000


@require_http_methods(["GET", "HEAD"])
def staff_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The company's booked slots with headcount and names, and the event stops it hosts or
    is asked to host. 404 for any token that is not a company's current one, so a regenerated
    token revokes every old copy at once."""
    company = get_object_or_404(Company.objects.filter(Company.token_lookup(token)))
    now = timezone.now()
    slots = feed_slots_staff(company=company, now=now)
    stops = feed_stops_staff(company=company, now=now)
    ics = ical.feed_ics(
        name=_("%(company)s: bookings (private)") % {"company": company.name},
        description=_("Who comes, and how many. Do not share this address."),
        events=[
            *(calendar.staff_slot_event(s, s.active_bookings, now=now) for s in slots),
            *(host_stop_vevent(stop) for stop in stops),
        ],
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{company.slug}-bookings.ics"'
    # The URL is the secret: no shared caches, no search engines.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_slots_staff(*, company: Company, now: datetime) -> list[Slot]:
    """The company's slots in the window that have confirmed bookings, each with
    `active_bookings` (two queries). Unpublished tours count: staff still host them."""
    start, end = ical.feed_window(now)
    active = Booking.objects.filter(status=Booking.Status.CONFIRMED).order_by("created", "pk")
    return list(
        Slot.objects.filter(
            tour__company=company,
            start__gte=start,
            start__lt=end,
            bookings__status=Booking.Status.CONFIRMED,
        )
        .distinct()
        .select_related("tour", "tour__company")
        .prefetch_related(Prefetch("bookings", queryset=active, to_attr="active_bookings"))
        .order_by("start", "pk")[:FEED_MAX_EVENTS]
    )


def feed_stops_staff(*, company: Company, now: datetime) -> list:
    """The event stops the company hosts or is asked to host (requested or accepted, not
    declined, removed or cancelled) in the feed window, with their events (one query)."""
    start, end = ical.feed_window(now)
    return list(
        stops_for_company(company, include_past=True).filter(
            start__gte=start,
            start__lt=end,
            host_state__in=[Stop.HostState.REQUESTED, Stop.HostState.ACCEPTED],
        )[:FEED_MAX_EVENTS]
    )
