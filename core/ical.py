"""iCalendar building blocks shared by every calendar the system writes: booking invitations
and downloads (booking.calendar), event invitations and feeds (events.calendar) and the
public and staff feeds.

Everything is built with the `icalendar` package; `to_ical()` gives bytes that are CRLF
terminated and folded at 75 octets (RFC 5545 §3.1). Times are written as local wall times
with TZID=Europe/Copenhagen plus a VTIMEZONE in the yearly-RRULE form, which Outlook and
Mozilla's ical.js read correctly (the one-RDATE-many-values form that
`icalendar.Timezone.from_tzid` emits is misread by ical.js and vobject). DTSTAMP is UTC.
"""

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
)

from core import text

TZID = "Europe/Copenhagen"
PRODID = "-//Klyngebesog//Bookings 1.0//EN"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"
METHODS = (REQUEST, CANCEL, PUBLISH)
DASH = " \N{EN DASH} "
# Public feeds change when places sell; clients that honour these poll hourly.
FEED_REFRESH = timedelta(hours=1)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def param_text(value: str) -> str:
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


def new_calendar(method: str) -> Calendar:
    """A VCALENDAR with our PRODID and `method`, and the VTIMEZONE its events refer to."""
    if method not in METHODS:
        raise ValueError(f"unsupported iTIP method {method!r}")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(vtimezone())
    return cal


def local(instant: datetime) -> datetime:
    """The instant as a wall time in Europe/Copenhagen (written with TZID)."""
    return instant.astimezone(ZoneInfo(TZID))


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


def system_address() -> str:
    """The bare address mail is sent from (DEFAULT_FROM_EMAIL): it is also the ORGANIZER."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def organizer(name: str) -> vCalAddress:
    """ORGANIZER: the system's sending address (the From of the invitation mail), shown as
    `name` (RFC 6047 §3: the organizer is who sends the iMIP message)."""
    address = vCalAddress(f"mailto:{system_address()}")
    address.params["CN"] = param_text(name)
    return address


def attendee(*, email: str, name: str) -> vCalAddress:
    """The visitor as a confirmed participant who is not asked to reply."""
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = param_text(name)
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "ACCEPTED"
    address.params["RSVP"] = "FALSE"
    return address


def feed_ics(
    *,
    name: str,
    description: str,
    events: Iterable[Event],
    url: str = "",
    refresh: timedelta = FEED_REFRESH,
) -> bytes:
    """A subscribable VCALENDAR (METHOD:PUBLISH) with the calendar name and refresh hints
    written as durations (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for Outlook)."""
    cal = new_calendar(PUBLISH)
    # One line whatever was stored: a newline in a tour's or company's name made the
    # calendar's NAME an invalid content line, and the feed a 500.
    name, description = text.one_line(name), text.one_line(description)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    # Unknown to icalendar, so typed explicitly: else it writes "1:00:00", not a duration.
    cal.add("x-published-ttl", vDuration(refresh))
    if url:
        cal.add("url", url)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    """The instants a feed covers: a month back (so past visits stay visible) and a year on."""
    return now - timedelta(days=31), now + timedelta(days=366)


def ics_filename(prefix: str, day: date) -> str:
    return f"{prefix}-{day:%Y-%m-%d}.ics"
