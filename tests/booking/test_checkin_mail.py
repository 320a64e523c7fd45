"""The check-in code travels in the visitor's mails as an image part of the mail itself (no
fetch), and a QR reader (zxing-cpp, as a phone's camera) reads the check-in URL from it."""

import io
from datetime import timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from booking import checkin, reminders, services
from booking.models import Booking
from tests.booking.mailserver import run_worker
from tests.factories import SlotFactory, book

pytestmark = pytest.mark.django_db(transaction=True)
VISITOR = "anne@example.com"


def decode_qr(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _qr_part(message):
    """The image part the HTML shows by its Content-ID, and the HTML that shows it."""
    (image,) = [p for p in message.walk() if p.get_content_type() == "image/png"]
    (html,) = [p for p in message.walk() if p.get_content_type() == "text/html"]
    return image, html.get_content()


def _visitor_mail(smtp, *, invitation: bool = True):
    """The one visitor mail that is (or is not) an iMIP invitation (a text/calendar
    alternative with a method): the confirmation, or the reminder with its plain .ics."""
    mails = [
        m
        for m in smtp.inbox.to(VISITOR)
        if any(p.get_param("method") for p in m.walk()) == invitation
    ]
    assert len(mails) == 1
    return mails[0]


def test_the_confirmation_carries_the_code_inline_and_it_decodes_to_the_check_in_url(smtp):
    booking = book(SlotFactory())
    run_worker()
    message = _visitor_mail(smtp)
    image, html = _qr_part(message)
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html
    assert image.get_content_disposition() == "inline"
    # The image is part of the HTML's multipart/related, inside the alternatives that keep
    # the iMIP calendar part.
    related = next(p for p in message.walk() if p.get_content_type() == "multipart/related")
    assert image in list(related.iter_parts())
    assert any(p.get_content_type() == "text/calendar" for p in message.walk())
    assert decode_qr(image.get_content()) == [checkin.checkin_url(booking)]
    # The HTML fetches nothing: no remote image anywhere.
    assert "<img" in html and 'src="http' not in html
    # The code is not the manage link, and the manage token is not in the code.
    assert booking.token not in checkin.checkin_url(booking)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert booking.display_reference in text


def test_the_reminder_carries_the_same_code(smtp):
    slot = SlotFactory(start=timezone.now() + timedelta(hours=10))
    booking = book(slot)
    # Booked before its reminder time (the test cannot wait), so the worker's scheduled job
    # finds it due now and the worker delivers it.
    Booking.objects.filter(pk=booking.pk).update(created=timezone.now() - timedelta(days=2))
    assert reminders.booking_reminders_send_due() == 1
    run_worker()
    reminder = _visitor_mail(smtp, invitation=False)
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None
    image, html = _qr_part(reminder)
    assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html
    assert decode_qr(image.get_content()) == [checkin.checkin_url(booking)]
    # The calendar file is still attached, and the text part is still there for old clients.
    assert any(p.get_filename("").endswith(".ics") for p in reminder.walk())
    assert reminder.get_body(preferencelist=("plain",)) is not None


def test_a_cancellation_carries_no_code(smtp):
    booking = book(SlotFactory())
    run_worker()
    smtp.inbox.envelopes.clear()
    services.booking_cancel(booking=booking)
    run_worker()
    cancelled = _visitor_mail(smtp)
    assert not [p for p in cancelled.walk() if p.get_content_type() == "image/png"]


def test_control_the_decoder_reads_a_code_and_tells_two_apart():
    """The harness can fail: two bookings' codes decode to two different URLs."""
    slot = SlotFactory()
    first, second = book(slot), book(slot, email="other@example.com")
    assert decode_qr(checkin.checkin_qr_png(first)) == [checkin.checkin_url(first)]
    assert decode_qr(checkin.checkin_qr_png(first)) != decode_qr(checkin.checkin_qr_png(second))
    blank = io.BytesIO()
    Image.new("L", (200, 200), 255).save(blank, format="PNG")
    assert decode_qr(blank.getvalue()) == []
