"""The booking as a single-event iCalendar file, for the API's `ical_url`.

Times are written in UTC, which every client converts correctly without a VTIMEZONE. The
UID and SEQUENCE are the booking's own, so a client that imported an earlier copy updates
the same entry. No secret link goes into the file: calendars get shared.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from booking.models import Booking


def booking_calendar(booking: Booking) -> bytes:
    """The caller has loaded booking.slot.tour.company."""
    slot, tour = booking.slot, booking.slot.tour
    company = tour.company
    calendar = Calendar()
    calendar.add("prodid", "-//Klyngebesøg//API//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.uid}@klyngebesog")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.start)
    event.add("dtend", slot.end)
    event.add("sequence", booking.sequence)
    event.add("summary", f"{tour.title}, {company.name}")
    event.add("location", company.full_address)
    event.add("geo", (float(company.latitude), float(company.longitude)))
    event.add(
        "description",
        _(
            "Reference: %(reference)s. People: %(count)d. Meeting point: %(place)s. "
            "Phone: %(phone)s."
        )
        % {
            "reference": booking.display_reference,
            "count": booking.party_size,
            "place": tour.meeting_point,
            "phone": company.phone,
        },
    )
    event.add("status", "CONFIRMED" if booking.is_active else "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
