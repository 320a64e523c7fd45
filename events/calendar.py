"""The event's calendar objects, built with the icalendar package.

One VEVENT per stop, each with the stop's own UID forever and its own SEQUENCE, so a
participant's calendar can move or cancel one stop without touching the others. Times carry
TZID=Europe/Copenhagen with an embedded VTIMEZONE in the yearly-RRULE form: Outlook and
Thunderbird compute offsets only from it, and its RDATE-list form is misread by ical.js.
"""

from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from core import ical

# Programmes change less often than places sell: clients that honour it poll every 6 hours.
FEED_REFRESH = timedelta(hours=6)


def _organizer():
    """The system's sending address, which is also the From of the invitation mail, shown
    with the From's display name."""
    return ical.organizer(parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or "Klyngebesøg")


def stop_vevent(stop, event, *, cancelled: bool = False, attendee=None) -> VEvent:
    """The VEVENT of one stop. `attendee` is a Registration (invitations) or None (feeds:
    no personal data, so no ORGANIZER or ATTENDEE either)."""
    company = stop.company
    vevent = VEvent()
    vevent.add("uid", f"{stop.uid}@klyngebesog")
    vevent.add("dtstamp", ical.utc(timezone.now()))
    vevent.add("dtstart", ical.local(stop.start))
    vevent.add("dtend", ical.local(stop.end))
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
        vevent.add("organizer", _organizer())
        vevent.add("attendee", ical.attendee(email=attendee.email, name=attendee.name))
    return vevent


def invitation(event, stops: Iterable, *, attendee, method: str = ical.REQUEST) -> bytes:
    """An iMIP object for one participant: REQUEST with every given stop, or CANCEL for
    the given stops only (RFC 5546 §3.2.5: a CANCEL names the components it cancels)."""
    cal = ical.new_calendar(method)
    for stop in stops:
        cancelled = method == ical.CANCEL
        cal.add_component(stop_vevent(stop, event, cancelled=cancelled, attendee=attendee))
    return cal.to_ical()


def feed(event, stops: Iterable) -> bytes:
    """The public feed of the event: METHOD:PUBLISH, no personal data."""
    cancelled = event.status == event.Status.CANCELLED
    return ical.feed_ics(
        name=event.title,
        description="",
        events=[stop_vevent(stop, event, cancelled=cancelled) for stop in stops],
        refresh=FEED_REFRESH,
    )


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
