"""The calendar objects for bookings: fields, times through the embedded VTIMEZONE read by
an independent parser (vobject), wire format, escaping, and SEQUENCE across changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking import calendar, services
from booking.models import Booking
from core import ical
from core.contact import visitor_clean
from core.errors import ContactInvalid
from tests.booking.icalcheck import assert_wire_format, only_event, parse, vobject_read
from tests.factories import SlotFactory, TourFactory, book, visitor

CPH = ZoneInfo("Europe/Copenhagen")
pytestmark = pytest.mark.django_db


def _slot_at(local: datetime, **tour_fields):
    tour = TourFactory(**tour_fields)
    # In UTC: aware arithmetic within one zone adds wall-clock time, wrong across a change.
    start = local.replace(tzinfo=CPH).astimezone(UTC)
    return SlotFactory(tour=tour, start=start, end=start + tour.duration)


def _booking(slot, **fields) -> Booking:
    return Booking.objects.select_related("slot__tour__company").get(pk=book(slot, **fields).pk)


def test_invitation_has_every_field_the_issue_names(settings):
    settings.DEFAULT_FROM_EMAIL = "Klyngebesøg <booking@klynge.example>"
    slot = _slot_at(datetime(2027, 5, 3, 10, 0), meeting_point="Ved laden")
    booking = _booking(slot, party_size=3)
    ics = calendar.booking_ics(booking, method=ical.REQUEST)
    cal = parse(ics)
    assert cal["METHOD"] == "REQUEST"
    event = only_event(ics)
    company = slot.tour.company
    assert event["UID"] == str(booking.uid)
    assert event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == timedelta(
        0
    )
    assert b"DTSTAMP:" in ics and b"Z\r\n" in ics.split(b"DTSTAMP:")[1][:20]
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
    assert event["DTEND"].dt.astimezone(UTC) == datetime(2027, 5, 3, 9, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == f"{slot.tour.title}{ical.DASH}{company.name}"
    assert str(event["LOCATION"]) == company.full_address
    assert (event["GEO"].latitude, event["GEO"].longitude) == (54.7764, 11.5012)
    description = str(event["DESCRIPTION"])
    for part in (booking.display_reference, "3", "Ved laden", company.phone):
        assert part in description
    assert booking.token not in ics.decode()
    assert str(event["URL"]) == settings.SITE_URL + slot.tour.get_absolute_url()
    assert str(event["ORGANIZER"]) == "mailto:booking@klynge.example"
    assert event["ORGANIZER"].params["CN"] == company.name
    attendee = event["ATTENDEE"]
    assert str(attendee) == f"mailto:{booking.email}"
    assert attendee.params["PARTSTAT"] == "ACCEPTED" and attendee.params["RSVP"] == "FALSE"
    assert attendee.params["CN"] == booking.name
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert_wire_format(ics)


def test_vtimezone_uses_yearly_rrules_not_rdates():
    slot = _slot_at(datetime(2027, 5, 3, 10, 0))
    ics = calendar.booking_ics(_booking(slot), method=ical.REQUEST)
    (tz,) = parse(ics).walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Copenhagen"
    parts = {sub.name: sub for sub in tz.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"}
    assert "RDATE" not in parts["DAYLIGHT"] and "RDATE" not in parts["STANDARD"]
    assert parts["DAYLIGHT"]["RRULE"]["BYDAY"] == ["-1SU"]
    assert parts["DAYLIGHT"]["DTSTART"].dt.time().hour == 2
    assert parts["STANDARD"]["DTSTART"].dt.time().hour == 3


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # The clocks change on these Sundays; a tour at 10:00 is 08:00 UTC in March (summer
        # time already) and 09:00 UTC in October (winter time again).
        (datetime(2027, 3, 28, 10, 0), datetime(2027, 3, 28, 8, 0, tzinfo=UTC)),
        (datetime(2027, 10, 31, 10, 0), datetime(2027, 10, 31, 9, 0, tzinfo=UTC)),
        (datetime(2027, 3, 28, 1, 30), datetime(2027, 3, 28, 0, 30, tzinfo=UTC)),
        (datetime(2027, 3, 28, 3, 30), datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
        (datetime(2027, 10, 31, 3, 30), datetime(2027, 10, 31, 2, 30, tzinfo=UTC)),
        (datetime(2027, 1, 15, 23, 30), datetime(2027, 1, 15, 22, 30, tzinfo=UTC)),
        (datetime(2027, 7, 1, 0, 15), datetime(2027, 6, 30, 22, 15, tzinfo=UTC)),
    ],
)
def test_independent_parser_reads_the_right_utc_instants(local, utc):
    slot = _slot_at(local)
    booking = _booking(slot)
    ics = calendar.booking_ics(booking, method=ical.REQUEST)
    read = vobject_read(ics)
    (event,) = read["events"]
    assert read["method"] == "REQUEST"
    # dateutil's tzical object, made from the file's VTIMEZONE, not a zoneinfo zone.
    assert event["tzinfo"] == "<tzicalvtz 'Europe/Copenhagen'>"
    assert event["start_utc"] == utc.isoformat()
    assert event["end_utc"] == (utc + slot.tour.duration).isoformat()
    assert only_event(ics)["DTSTART"].dt.astimezone(UTC) == utc


def test_text_with_commas_semicolons_newlines_and_danish_letters_survives():
    tricky = "Æble, pære; blåbær\nog Müsli"
    slot = _slot_at(datetime(2027, 6, 1, 14, 0), title=tricky, meeting_point="Gård; port 2, øst")
    slot.tour.company.name = "Søren's Frugt, Høng; ü"
    slot.tour.company.save()
    booking = _booking(slot, name="Jørgen Müller, Åsa; Ærø")
    ics = calendar.booking_ics(booking, method=ical.REQUEST)
    assert_wire_format(ics)
    summary = f"{tricky}{ical.DASH}Søren's Frugt, Høng; ü"
    event = only_event(ics)
    assert str(event["SUMMARY"]) == summary
    assert event["ATTENDEE"].params["CN"] == "Jørgen Müller, Åsa; Ærø"
    assert event["ORGANIZER"].params["CN"] == "Søren's Frugt, Høng; ü"
    (read,) = vobject_read(ics)["events"]
    assert read["summary"] == summary
    assert "Gård; port 2, øst" in read["description"]
    assert read["attendees"][0]["params"]["CN"] == "Jørgen Müller, Åsa; Ærø"
    assert read["organizer_cn"] == "Søren's Frugt, Høng; ü"


def test_visitor_clean_refuses_a_newline_in_the_name():
    with pytest.raises(ContactInvalid) as refused:
        visitor_clean(visitor(name="Eve\r\nATTENDEE:mailto:evil@example.com"))
    assert refused.value.field == "name"
    # Control: the same name on one line is accepted.
    assert visitor_clean(visitor(name="Eve ATTENDEE")).name == "Eve ATTENDEE"


def test_a_newline_written_straight_to_the_model_cannot_inject_a_property():
    slot = _slot_at(datetime(2027, 6, 1, 14, 0))
    booking = _booking(slot)
    evil = 'Eve"\r\nATTENDEE;CN=Mallory:mailto:evil@example.com\r\nX-EVIL:1'
    Booking.objects.filter(pk=booking.pk).update(name=evil, note=evil)
    slot.tour.title = "Tur\r\nLOCATION:Nowhere"
    slot.tour.save()
    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking.pk)
    ics = calendar.booking_ics(booking, method=ical.REQUEST)
    assert_wire_format(ics)
    assert b"\r\nX-EVIL" not in ics and b"\r\nATTENDEE;CN=Mallory" not in ics
    event = only_event(ics)
    assert not isinstance(event["ATTENDEE"], list)  # exactly one
    assert str(event["LOCATION"]) == slot.tour.company.full_address
    assert "evil@example.com" in event["ATTENDEE"].params["CN"]  # kept, but as text
    (read,) = vobject_read(ics)["events"]
    assert len(read["attendees"]) == 1
    assert read["attendees"][0]["value"] == f"mailto:{booking.email}"
    assert "x-evil" not in read["properties"]
    assert read["location"] == slot.tour.company.full_address
    assert "LOCATION:Nowhere" in read["summary"]  # the title stays text in SUMMARY


def test_cancel_keeps_the_uid_and_raises_the_sequence():
    slot = _slot_at(datetime(2027, 6, 1, 14, 0))
    booking = _booking(slot)
    before = only_event(calendar.booking_ics(booking, method=ical.REQUEST))
    cancelled = services.booking_cancel(booking=booking)
    cancelled = Booking.objects.select_related("slot__tour__company").get(pk=cancelled.pk)
    ics = calendar.booking_ics(cancelled, method=ical.CANCEL)
    assert parse(ics)["METHOD"] == "CANCEL"
    after = only_event(ics)
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after["STATUS"] == "CANCELLED"
    read = vobject_read(ics)
    assert read["method"] == "CANCEL"
    assert read["events"][0]["status"] == "CANCELLED"
    assert read["events"][0]["sequence"] == 1


def test_a_moved_time_is_a_request_with_the_same_uid_and_a_higher_sequence():
    """The builder's side of a move: the service raises `sequence` (RFC 5546 §2.1.4) and
    moves the slot; the update carries the new time under the same UID."""
    slot = _slot_at(datetime(2027, 10, 30, 10, 0))
    booking = _booking(slot)
    first = vobject_read(calendar.booking_ics(booking, method=ical.REQUEST))["events"][0]
    new_start = datetime(2027, 10, 31, 10, 0, tzinfo=CPH).astimezone(UTC)
    slot.start, slot.end = new_start, new_start + slot.tour.duration
    slot.save()
    Booking.objects.filter(pk=booking.pk).update(sequence=booking.sequence + 1)
    booking = Booking.objects.select_related("slot__tour__company").get(pk=booking.pk)
    ics = calendar.booking_ics(booking, method=ical.REQUEST)
    moved = vobject_read(ics)["events"][0]
    assert moved["uid"] == first["uid"]
    assert moved["sequence"] == first["sequence"] + 1
    assert first["start_utc"] == "2027-10-30T08:00:00+00:00"
    assert moved["start_utc"] == "2027-10-31T09:00:00+00:00"


def test_download_is_publish_without_attendee_and_same_uid():
    booking = _booking(_slot_at(datetime(2027, 6, 1, 14, 0)))
    ics = calendar.booking_ics(booking, method=ical.PUBLISH)
    assert parse(ics)["METHOD"] == "PUBLISH"
    event = only_event(ics)
    assert "ATTENDEE" not in event
    assert event["UID"] == str(booking.uid)
    assert booking.email not in ics.decode()
