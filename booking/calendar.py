"""iCalendar objects for bookings (iMIP invitations, downloads) and for slots in feeds. The
calendar building blocks (VTIMEZONE, methods, feeds) are core.ical's.

No function here reads the database beyond the objects it is given: the callers load
bookings and slots with their tour and company (see catalogue.feeds).
"""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Event

from booking import capacity
from booking.models import Booking
from core import ical
from tours import pricing
from tours.models import Slot

# Slot UIDs are derived, not stored: the same slot has the same UID in every feed, forever.
_SLOT_UID_NAMESPACE = uuid.UUID("5b0c7a52-4f61-4c36-9f43-2f7d3c1a9e10")


def _add_place(event: Event, slot: Slot) -> None:
    company = slot.tour.company
    event.add("dtstart", ical.local(slot.start))
    event.add("dtend", ical.local(slot.end))
    event.add("location", company.full_address)
    event.add("geo", (float(company.latitude), float(company.longitude)))


def _organizer(slot: Slot):
    return ical.organizer(slot.tour.company.name)


def booking_event(booking: Booking, *, method: str, now: datetime | None = None) -> Event:
    """The VEVENT of one booking, in the booking's language.

    UID and SEQUENCE come from the booking (made once; raised by the services). The
    DESCRIPTION never holds the secret manage link: calendars are shared."""
    slot, tour, company = booking.slot, booking.slot.tour, booking.slot.tour.company
    cancelled = method == ical.CANCEL or booking.status == Booking.Status.CANCELLED
    event = Event()
    event.add("uid", str(booking.uid))
    event.add("dtstamp", ical.utc(now or timezone.now()))
    event.add("sequence", booking.sequence)
    _add_place(event, slot)
    event.add("summary", f"{tour.title}{ical.DASH}{company.name}")
    lines = [
        _("Booking reference: %(ref)s") % {"ref": booking.display_reference},
        ngettext("%(count)d person", "%(count)d people", booking.party_size)
        % {"count": booking.party_size},
        pricing.total_line(booking.pricing, booking.party_size),
        _("Meeting point: %(place)s") % {"place": tour.meeting_point},
        _("Questions? Call %(company)s on %(phone)s.")
        % {"company": company.name, "phone": company.phone},
    ]
    event.add("description", "\n".join(lines))
    event.add("url", settings.SITE_URL + tour.get_absolute_url())
    event.add("organizer", _organizer(slot))
    if method != ical.PUBLISH:
        # RFC 5546 §3.2.1: PUBLISH carries no ATTENDEE. The booking is firm, so the visitor
        # is not asked to reply.
        event.add("attendee", ical.attendee(email=booking.email, name=booking.name))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("last-modified", ical.utc(booking.updated))
    return event


def booking_ics(booking: Booking, *, method: str, now: datetime | None = None) -> bytes:
    """A whole VCALENDAR for the booking: REQUEST (invitation or update), CANCEL, or
    PUBLISH (the download on the visitor's page). The caller has loaded slot, tour and
    company with the booking."""
    with translation.override(booking.language):
        cal = ical.new_calendar(method)
        cal.add_component(booking_event(booking, method=method, now=now))
        return cal.to_ical()


def bookings_ics(bookings: Iterable[Booking], *, language: str) -> bytes:
    """One PUBLISH calendar holding an event per booking, each with its own UID and SEQUENCE
    (the plan's mail, booking.plans): importing it adds every visit, and a later REQUEST or
    CANCEL of one booking updates just its entry. PUBLISH, not REQUEST: a scheduling
    message is about one event, a published calendar may hold many. The caller has loaded
    slot, tour and company with each booking."""
    with translation.override(language):
        cal = ical.new_calendar(ical.PUBLISH)
        for booking in bookings:
            cal.add_component(booking_event(booking, method=ical.PUBLISH))
        return cal.to_ical()


def slot_uid(slot: Slot) -> str:
    return str(uuid.uuid5(_SLOT_UID_NAMESPACE, f"slot:{slot.pk}"))


def _places_text(slot: Slot, now: datetime) -> str:
    """The feed's line about places, from the one capacity rule (as the pages' badges)."""
    state = capacity.slot_state(slot, now=now)
    if state == capacity.SlotState.CANCELLED:
        return _("Cancelled")
    if state == capacity.SlotState.CLOSED:
        return _("Closed for booking")
    if slot.tour.is_group:
        return _("Booked") if state == capacity.SlotState.FULL else _("Free for a group")
    if state == capacity.SlotState.FULL:
        return _("Fully booked")
    return ngettext("%(count)d place left", "%(count)d places left", slot.available) % {
        "count": slot.available
    }


def _slot_description(slot: Slot, now: datetime) -> str:
    tour = slot.tour
    places = _places_text(slot, now)
    lines = [places, _("Meeting point: %(place)s") % {"place": tour.meeting_point}]
    lines.append(_("Price: %(price)s") % {"price": pricing.price_label(pricing.Price.of(tour))})
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
    event.add("dtstamp", ical.utc(now))
    _add_place(event, slot)
    event.add("summary", f"{tour.title}{ical.DASH}{tour.company.name}")
    event.add("description", _slot_description(slot, now))
    event.add("url", settings.SITE_URL + reverse("booking:book", kwargs={"slot_id": slot.pk}))
    event.add("organizer", _organizer(slot))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def _arrival_text(booking: Booking) -> str:
    """ " · arrived 3 of 4 at 10:02" or " · did not come", for the staff feed."""
    if booking.checked_in_at is not None:
        return " · " + _("arrived %(arrived)d of %(count)d at %(time)s") % {
            "arrived": booking.arrived,
            "count": booking.party_size,
            "time": f"{timezone.localtime(booking.checked_in_at):%H:%M}",
        }
    if booking.no_show_at is not None:
        return " · " + _("did not come")
    return ""


def staff_slot_event(slot: Slot, bookings: Iterable[Booking], *, now: datetime) -> Event:
    """A slot in a company's private feed: headcount and who comes. Names live only in
    SUMMARY/DESCRIPTION, never as ATTENDEE, so no client mails the visitors."""
    bookings = list(bookings)
    people = sum(b.party_size for b in bookings)
    event = Event()
    event.add("uid", slot_uid(slot))
    event.add("dtstamp", ical.utc(now))
    _add_place(event, slot)
    count = ngettext("%(count)d person", "%(count)d people", people) % {"count": people}
    event.add("summary", f"{slot.tour.title}: {count}")
    lines = [
        _("%(booked)d of %(capacity)d places booked")
        % {"booked": people, "capacity": slot.capacity}
    ]
    if any(b.checked_in_at is not None or b.no_show_at is not None for b in bookings):
        arrived = sum(b.arrived or 0 for b in bookings)
        lines.append(_("Arrived: %(arrived)d of %(count)d") % {"arrived": arrived, "count": people})
    for b in bookings:
        line = f"{b.display_reference} {b.name} ({b.party_size})"
        for extra in (b.organisation, b.phone, b.email):
            if extra:
                line += f", {extra}"
        lines.append(line + _arrival_text(b))
        if b.note:
            lines.append(_("Note: %(note)s") % {"note": b.note})
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if slot.status == Slot.Status.CANCELLED else "CONFIRMED")
    event.add("class", "PRIVATE")
    return event
