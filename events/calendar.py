"""The event's calendar objects, built with the icalendar package.

One VEVENT per stop, each with the stop's own UID forever and its own SEQUENCE, so a
participant's calendar can move or cancel one stop without touching the others. Times carry
TZID=Europe/Copenhagen with an embedded VTIMEZONE in the yearly-RRULE form: Outlook and
Thunderbird compute offsets only from it, and its RDATE-list form is misread by ical.js.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText
from icalendar import Event as VEvent

TZID = "Europe/Copenhagen"
PRODID = "-//Klyngebesøg//Events//EN"


def vtimezone() -> Timezone:
    """Europe/Copenhagen since 1996 (EU rules): DST from the last Sunday of March at 02:00
    to the last Sunday of October at 03:00. Each DTSTART is the local wall time in the
    offset in force before the change (RFC 5545 §3.6.5)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime(1996, 3, 31, 2, 0, 0))
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime(1996, 10, 27, 3, 0, 0))
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def _calendar(method: str, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", TZID)
    cal.add_component(vtimezone())
    return cal


def organiser_address() -> vCalAddress:
    """The system's sending address, which is also the From of the invitation mail."""
    display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(display or "Klyngebesøg")
    return organizer


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(TZID))


def stop_vevent(stop, event, *, cancelled: bool = False, attendee=None) -> VEvent:
    """The VEVENT of one stop. `attendee` is a Registration (invitations) or None (feeds:
    no personal data, so no ORGANIZER or ATTENDEE either)."""
    company = stop.company
    vevent = VEvent()
    vevent.add("uid", f"{stop.uid}@klyngebesog")
    vevent.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    vevent.add("dtstart", _local(stop.start))
    vevent.add("dtend", _local(stop.end))
    vevent.add("sequence", stop.sequence)
    vevent.add("summary", f"{event.title}: {company.name}")
    vevent.add("location", f"{company.name}, {company.full_address}")
    vevent.add("geo", (float(company.latitude), float(company.longitude)))
    lines = [stop.activity] if stop.activity else []
    lines.append(_("Meeting point: %(place)s") % {"place": event.meeting_point})
    lines.append(_("Host phone: %(phone)s") % {"phone": company.phone})
    vevent.add("description", "\n".join(lines))
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    if attendee is not None:
        vevent.add("organizer", organiser_address())
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("ACCEPTED")
        address.params["rsvp"] = vText("FALSE")
        vevent.add("attendee", address)
    return vevent


def invitation(event, stops: Iterable, *, attendee, method: str = "REQUEST") -> bytes:
    """An iMIP object for one participant: REQUEST with every given stop, or CANCEL for
    the given stops only (RFC 5546 §3.2.5: a CANCEL names the components it cancels)."""
    cal = _calendar(method)
    for stop in stops:
        cal.add_component(stop_vevent(stop, event, cancelled=method == "CANCEL", attendee=attendee))
    return cal.to_ical()


def feed(event, stops: Iterable) -> bytes:
    """The public feed of the event: METHOD:PUBLISH, no personal data."""
    cal = _calendar("PUBLISH", name=event.title)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"value": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for stop in stops:
        cal.add_component(
            stop_vevent(stop, event, cancelled=event.status == event.Status.CANCELLED)
        )
    return cal.to_ical()


def host_stop_vevent(stop) -> VEvent:
    """A stop in its host company's private staff feed: TENTATIVE until the host accepts,
    with the number registered (no participant's personal data). Its UID differs from the
    participants' invitation UID, so a host who also takes part sees two distinct entries."""
    event = stop.event
    vevent = stop_vevent(stop, event)
    accepted = stop.host_state == stop.HostState.ACCEPTED
    state = _("accepted") if accepted else _("waiting for your answer")
    lines = [
        str(vevent.get("description", "")),
        _("%(registered)d of %(capacity)d participants registered")
        % {"registered": event.registered, "capacity": event.capacity},
    ]
    for name in ("uid", "status", "summary", "description"):
        vevent.pop(name, None)
    vevent.add("uid", f"{stop.uid}-host@klyngebesog")
    vevent.add("status", "CONFIRMED" if accepted else "TENTATIVE")
    vevent.add(
        "summary", _("Event: %(title)s (%(state)s)") % {"title": event.title, "state": state}
    )
    vevent.add("description", "\n".join(lines))
    vevent.add("class", "PRIVATE")
    return vevent
