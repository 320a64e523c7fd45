"""Mail and its calendar invitation are written in the visitor's language, with the tour's
own texts in that language and dates and prices as that language writes them; the
company's notice stays in Danish. Read from a real SMTP server (aiosmtpd)."""

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.booking.icalcheck import only_event
from tests.booking.mailserver import run_worker
from tests.factories import SlotFactory, TourFactory, book

pytestmark = pytest.mark.django_db(transaction=True)
CPH = ZoneInfo("Europe/Copenhagen")
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def slot():
    tour = TourFactory(
        title="Æblerundvisning",
        title_de="Apfelführung",
        meeting_point="Gårdbutikken",
        meeting_point_de="Hofladen",
        description="Vi går i plantagen.",
        price=Decimal("1500"),
    )
    start = datetime(2027, 3, 26, 10, 0, tzinfo=CPH).astimezone(UTC)  # a Friday
    return SlotFactory(tour=tour, start=start, end=start + tour.duration)


def _text(message) -> str:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return part.get_content()


def _ics(message) -> bytes:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True)


def test_a_german_visitor_gets_german_texts_dates_and_prices(smtp, slot):
    book(slot, email="gast@example.de", language="de")
    run_worker()
    (message,) = smtp.inbox.to("gast@example.de")
    assert "Apfelführung" in str(message["Subject"])
    text = _text(message)
    assert "Apfelführung" in text and "Hofladen" in text and "Æblerundvisning" not in text
    assert "Freitag, 26. März 2027, 10:00\u201311:30" in text
    assert f"1.500{NBSP}DKK" in text
    event = only_event(_ics(message))
    assert str(event["SUMMARY"]).startswith("Apfelführung")
    assert "Hofladen" in str(event["DESCRIPTION"])
    assert "/de/" in str(event["URL"])


def test_an_english_visitor_reads_the_danish_text_where_there_is_no_english(smtp, slot):
    book(slot, email="guest@example.com", language="en")
    run_worker()
    (message,) = smtp.inbox.to("guest@example.com")
    text = _text(message)
    assert "Æblerundvisning" in text and "Gårdbutikken" in text
    assert "Friday 26 March 2027, 10:00\u201311:30" in text
    assert f"DKK{NBSP}1,500" in text


def test_the_company_notice_is_danish_whatever_the_visitor_speaks(smtp, slot):
    book(slot, email="gast@example.de", language="de")
    run_worker()
    (notice,) = smtp.inbox.to(slot.tour.company.email)
    assert "Æblerundvisning" in str(notice["Subject"]) and "Apfelführung" not in str(
        notice["Subject"]
    )
    assert "fredag 26. marts 2027, 10:00\u201311:30" in _text(notice)
