"""The invitation e-mail as it arrives at a real SMTP server: iMIP structure, headers,
the calendar read by icalendar and by vobject, and names that try to break out."""

from datetime import UTC, datetime
from email.utils import getaddresses, parseaddr
from zoneinfo import ZoneInfo

import pytest

from booking.models import Booking
from core import ical
from tests.booking.icalcheck import assert_wire_format, only_event, parse, vobject_read
from tests.booking.mailserver import run_worker
from tests.factories import SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db(transaction=True)
CPH = ZoneInfo("Europe/Copenhagen")


def _slot(local: datetime, **tour_fields):
    tour = TourFactory(**tour_fields)
    start = local.replace(tzinfo=CPH).astimezone(UTC)
    return SlotFactory(tour=tour, start=start, end=start + tour.duration)


def _parts(message) -> dict[str, object]:
    return {p.get_content_type(): p for p in message.walk() if not p.is_multipart()}


def test_invitation_is_imip_with_text_html_calendar_and_attachment(smtp, settings):
    settings.DEFAULT_FROM_EMAIL = "Klyngebesøg <booking@klynge.example>"
    slot = _slot(datetime(2027, 3, 28, 10, 0))
    booking = book(slot, name="Anne Hansen")
    run_worker()
    (message,) = smtp.inbox.to("anne@example.com")
    assert message.get_content_type() == "multipart/mixed"
    alternative = message.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "multipart/related",  # the HTML with the check-in code it shows (RFC 2387)
        "text/calendar",
    ]
    related = alternative.get_payload()[1]
    assert [p.get_content_type() for p in related.get_payload()] == ["text/html", "image/png"]
    parts = _parts(message)
    cal_part = parts["text/calendar"]
    assert cal_part.get_param("charset") == "UTF-8"
    ics = cal_part.get_payload(decode=True)
    assert parse(ics)["METHOD"] == cal_part.get_param("method") == "REQUEST"
    attachment = parts["application/ics"]
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True) == ics
    assert_wire_format(ics)
    # From is the system address under the company's name, and equals the ORGANIZER.
    company = slot.tour.company
    name, address = parseaddr(str(message["From"]))
    assert (name, address) == (company.name, "booking@klynge.example")
    event = only_event(ics)
    assert str(event["ORGANIZER"]) == f"mailto:{address}"
    assert event["ORGANIZER"].params["CN"] == name
    assert parseaddr(str(message["Reply-To"]))[1] == company.email
    assert getaddresses([str(message["To"])]) == [("Anne Hansen", "anne@example.com")]
    manage = settings.SITE_URL + booking.get_absolute_url()
    assert manage in parts["text/plain"].get_content()
    assert manage in parts["text/html"].get_content()
    assert booking.token not in ics.decode()
    (read,) = vobject_read(ics)["events"]
    assert read["start_utc"] == "2027-03-28T08:00:00+00:00"
    assert read["uid"] == str(booking.uid)


def test_names_with_commas_semicolons_newlines_and_letters_survive_in_mail(smtp):
    slot = _slot(datetime(2027, 10, 31, 10, 0), title="Æbler, pærer; blommer")
    slot.tour.company.name = "Søren's Frugt, Høng; ü"
    slot.tour.company.save()
    note = "Vi er 2 voksne, 1 barn;\nét med rullestol. Grüße!"
    booking = book(slot, name="Jørgen Müller, Åsa; Ærø", note=note)
    run_worker()
    (message,) = smtp.inbox.to("anne@example.com")
    assert parseaddr(str(message["From"]))[0] == "Søren's Frugt, Høng; ü"
    assert getaddresses([str(message["To"])]) == [("Jørgen Müller, Åsa; Ærø", "anne@example.com")]
    assert "Æbler, pærer; blommer" in str(message["Subject"])
    ics = _parts(message)["text/calendar"].get_payload(decode=True)
    (read,) = vobject_read(ics)["events"]
    assert read["attendees"][0]["params"]["CN"] == "Jørgen Müller, Åsa; Ærø"
    assert read["summary"] == f"Æbler, pærer; blommer{ical.DASH}Søren's Frugt, Høng; ü"
    assert read["start_utc"] == "2027-10-31T09:00:00+00:00"
    (notice,) = smtp.inbox.to(slot.tour.company.email)
    assert note in notice.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert getaddresses([str(notice["Reply-To"])]) == [(booking.name, booking.email)]


def test_a_newline_in_a_stored_name_cannot_inject_a_mail_header_or_recipient(smtp):
    booking = book(_slot(datetime(2027, 6, 1, 14, 0)))
    evil = "Eve\r\nBcc: mallory@example.com\r\nX-Evil: 1"
    Booking.objects.filter(pk=booking.pk).update(name=evil)
    run_worker()
    recipients = [rcpt for _f, rcpts, _raw in smtp.inbox.envelopes for rcpt in rcpts]
    assert "mallory@example.com" not in recipients
    (message,) = smtp.inbox.to("anne@example.com")
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert getaddresses([str(message["To"])]) == [
        ("Eve Bcc: mallory@example.com X-Evil: 1", "anne@example.com")
    ]
    ics = _parts(message)["text/calendar"].get_payload(decode=True)
    assert_wire_format(ics)
    assert b"\r\nX-EVIL" not in ics.upper()  # continuation lines start with a space
    (read,) = vobject_read(ics)["events"]
    assert len(read["attendees"]) == 1
    # Control: the company notice, whose Reply-To carries the name, is also one line.
    (notice,) = smtp.inbox.to(booking.slot.tour.company.email)
    assert notice["Bcc"] is None
    assert "\n" not in str(notice["Reply-To"])
