"""iCalendar objects for bookings (iMIP invitations, downloads) and for slot feeds.

Everything here is built with the `icalendar` package and returns bytes that are CRLF
terminated and folded at 75 octets (RFC 5545 §3.1). Times are written as local wall
times with TZID=Europe/Copenhagen plus a VTIMEZONE in the yearly-RRULE form, which
Outlook and Mozilla's ical.js read correctly (the one-RDATE-many-values form that
`icalendar.Timezone.from_tzid` emits is misread by them). DTSTAMP is always UTC.

No function here reads the database beyond the objects it is given: the callers load
bookings and slots with their tour and company (see tours.feed_selectors).
"""

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
)

from booking.models import Booking
from tours.models import Slot

TZID = "Europe/Copenhagen"
PRODID = "-//Klyngebesog//Bookings 1.0//EN"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"
# Public slot feeds change when places sell; clients that honour these poll hourly.
DASH = " \N{EN DASH} "
FEED_REFRESH = timedelta(hours=1)
# Slot UIDs are derived, not stored: the same slot has the same UID in every feed, forever.
_SLOT_UID_NAMESPACE = uuid.UUID("5b0c7a52-4f61-4c36-9f43-2f7d3c1a9e10")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _param_text(value: str) -> str:
    """A value safe inside a property parameter (CN=...): one line, no double quotes.

    icalendar would caret-encode these (RFC 6868), but few clients decode that, and a
    name is better shown with a space than with `^n`."""
    return " ".join(_CONTROL.sub(" ", value).replace('"', "'").split())


def vtimezone() -> Timezone:
    """Europe/Copenhagen as EU summer time has been since 1996: from the last Sunday of
    March 02:00 (+01:00) to the last Sunday of October 03:00 (+02:00). Each DTSTART is
    the wall time in the offset in force *before* the transition (RFC 5545 §3.6.5)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def system_address() -> str:
    """The bare address mail is sent from (DEFAULT_FROM_EMAIL): it is also the ORGANIZER."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def _local(instant: datetime) -> datetime:
    return instant.astimezone(ZoneInfo(TZID))


def _add_place(event: Event, slot: Slot) -> None:
    company = slot.tour.company
    event.add("dtstart", _local(slot.start))
    event.add("dtend", _local(slot.end))
    event.add("location", company.full_address)
    event.add("geo", (float(company.latitude), float(company.longitude)))


def _organizer(slot: Slot) -> vCalAddress:
    organizer = vCalAddress(f"mailto:{system_address()}")
    organizer.params["CN"] = _param_text(slot.tour.company.name)
    return organizer


def booking_event(booking: Booking, *, method: str, now: datetime | None = None) -> Event:
    """The VEVENT of one booking, in the booking's language.

    UID and SEQUENCE come from the booking (made once; raised by the services). The
    DESCRIPTION never holds the secret manage link: calendars are shared."""
    slot, tour, company = booking.slot, booking.slot.tour, booking.slot.tour.company
    cancelled = method == CANCEL or booking.status == Booking.Status.CANCELLED
    event = Event()
    event.add("uid", str(booking.uid))
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("sequence", booking.sequence)
    _add_place(event, slot)
    event.add("summary", f"{tour.title}{DASH}{company.name}")
    lines = [
        _("Booking reference: %(ref)s") % {"ref": booking.display_reference},
        ngettext("%(count)d person", "%(count)d people", booking.party_size)
        % {"count": booking.party_size},
        _("Meeting point: %(place)s") % {"place": tour.meeting_point},
        _("Questions? Call %(company)s on %(phone)s.")
        % {"company": company.name, "phone": company.phone},
    ]
    event.add("description", "\n".join(lines))
    event.add("url", settings.SITE_URL + tour.get_absolute_url())
    event.add("organizer", _organizer(slot))
    if method != PUBLISH:
        # RFC 5546 §3.2.1: PUBLISH carries no ATTENDEE. The booking is firm, so the visitor
        # is not asked to reply.
        attendee = vCalAddress(f"mailto:{booking.email}")
        attendee.params["CN"] = _param_text(booking.name)
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "ACCEPTED"
        attendee.params["RSVP"] = "FALSE"
        event.add("attendee", attendee)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("last-modified", booking.updated.astimezone(UTC))
    return event


def booking_ics(booking: Booking, *, method: str, now: datetime | None = None) -> bytes:
    """A whole VCALENDAR for the booking: REQUEST (invitation or update), CANCEL, or
    PUBLISH (the download on the visitor's page). The caller has loaded slot, tour and
    company with the booking."""
    if method not in (REQUEST, CANCEL, PUBLISH):
        raise ValueError(f"unsupported iTIP method {method!r}")
    with translation.override(booking.language):
        cal = _calendar(method)
        cal.add_component(vtimezone())
        cal.add_component(booking_event(booking, method=method, now=now))
        return cal.to_ical()


def slot_uid(slot: Slot) -> str:
    return str(uuid.uuid5(_SLOT_UID_NAMESPACE, f"slot:{slot.pk}"))


def _slot_description(slot: Slot) -> str:
    tour = slot.tour
    if tour.is_group:
        places = _("Free for a group") if slot.booked == 0 else _("Booked")
    elif slot.available:
        places = ngettext("%(count)d place left", "%(count)d places left", slot.available) % {
            "count": slot.available
        }
    else:
        places = _("Fully booked")
    lines = [places, _("Meeting point: %(place)s") % {"place": tour.meeting_point}]
    if tour.price:
        lines.append(
            _("Price: %(price)s kr. %(per)s")
            % {
                "price": f"{tour.price:.2f}".rstrip("0").rstrip("."),
                "per": tour.get_price_per_display(),
            }
        )
    lines.append(
        _("Call %(company)s on %(phone)s.")
        % {"company": tour.company.name, "phone": tour.company.phone}
    )
    return "\n".join(lines)


def slot_event(slot: Slot, *, now: datetime) -> Event:
    """One public slot: no ATTENDEE, no personal data (feeds are public)."""
    tour = slot.tour
    event = Event()
    event.add("uid", slot_uid(slot))
    event.add("dtstamp", now.astimezone(UTC))
    _add_place(event, slot)
    event.add("summary", f"{tour.title}{DASH}{tour.company.name}")
    event.add("description", _slot_description(slot))
    event.add("url", settings.SITE_URL + reverse("booking:book", kwargs={"slot_id": slot.pk}))
    event.add("organizer", _organizer(slot))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def staff_slot_event(slot: Slot, bookings: Iterable[Booking], *, now: datetime) -> Event:
    """A slot in a company's private feed: headcount and who comes. Names live only in
    SUMMARY/DESCRIPTION, never as ATTENDEE, so no client mails the visitors."""
    bookings = list(bookings)
    people = sum(b.party_size for b in bookings)
    event = Event()
    event.add("uid", slot_uid(slot))
    event.add("dtstamp", now.astimezone(UTC))
    _add_place(event, slot)
    count = ngettext("%(count)d person", "%(count)d people", people) % {"count": people}
    event.add("summary", f"{slot.tour.title}: {count}")
    lines = [
        _("%(booked)d of %(capacity)d places booked")
        % {"booked": people, "capacity": slot.capacity}
    ]
    for b in bookings:
        line = f"{b.display_reference} {b.name} ({b.party_size})"
        for extra in (b.organisation, b.phone, b.email):
            if extra:
                line += f", {extra}"
        lines.append(line)
        if b.note:
            lines.append(_("Note: %(note)s") % {"note": b.note})
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if slot.status == Slot.Status.CANCELLED else "CONFIRMED")
    event.add("class", "PRIVATE")
    return event


def feed_ics(*, name: str, description: str, events: Iterable[Event], url: str = "") -> bytes:
    """A subscribable VCALENDAR (METHOD:PUBLISH) with the calendar name and refresh hints
    written as durations (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for Outlook)."""
    cal = _calendar(PUBLISH)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    # Unknown to icalendar, so typed explicitly: else it writes "1:00:00", not a duration.
    cal.add("x-published-ttl", vDuration(FEED_REFRESH))
    if url:
        cal.add("url", url)
    cal.add_component(vtimezone())
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    """The instants a feed covers: a month back (so past visits stay visible) and a year on."""
    return now - timedelta(days=31), now + timedelta(days=366)


def ics_filename(prefix: str, day: date) -> str:
    return f"{prefix}-{day:%Y-%m-%d}.ics"
