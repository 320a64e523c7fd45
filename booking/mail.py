"""The e-mails themselves, rendered when the worker sends them.

Visitor notices are iMIP messages (RFC 6047): multipart/mixed holding a
multipart/alternative of text/plain, text/html and `text/calendar; method=...;
charset=UTF-8`, plus the same calendar as an `invite.ics` attachment. The calendar parts
are base64, so their CRLF line ends reach the client byte for byte. From is the system's
sending address with the company's name as display name, equal to the ORGANIZER (so the
mail passes SPF/DKIM for our domain); Reply-To is the company, so replies reach people.
"""

import re
from email.message import MIMEPart
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from booking import calendar
from booking.models import Booking, OutboundMail

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_METHOD = {
    OutboundMail.Kind.CONFIRMED: calendar.REQUEST,
    OutboundMail.Kind.CHANGED: calendar.REQUEST,
    OutboundMail.Kind.CANCELLED: calendar.CANCEL,
}


def display_name(value: str) -> str:
    """A name for an address header: one line, whatever was stored. (Django refuses header
    values with newlines; a name from the database must not make a mail unsendable.)"""
    return " ".join(_CONTROL.sub(" ", value).split())


class InvitationMessage(EmailMultiAlternatives):
    """An e-mail whose last alternative is an iTIP calendar object, also attached as .ics."""

    def __init__(self, *args, ics: bytes, method: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ics, self.method = ics, method
        attachment = MIMEPart()
        attachment.set_content(
            ics,
            maintype="application",
            subtype="ics",
            cte="base64",
            disposition="attachment",
            filename="invite.ics",
        )
        self.attach(attachment)

    def _add_bodies(self, msg):
        msg = super()._add_bodies(msg)
        # Bytes, not str: the email package would rewrite CRLF to the policy's line end.
        msg.add_alternative(
            self.ics,
            maintype="text",
            subtype="calendar",
            cte="base64",
            params={"method": self.method, "charset": "UTF-8"},
        )
        return msg


def _message_id(mail: OutboundMail) -> str:
    # Stable per mail: if a retry repeats a delivery the server already accepted, clients
    # can tell it is the same message. Carries no personal data.
    domain = calendar.system_address().rpartition("@")[2] or "localhost"
    return f"<mail-{mail.pk}.{mail.booking.uid}@{domain}>"


def _context(booking: Booking) -> dict:
    tour = booking.slot.tour
    return {
        "booking": booking,
        "slot": booking.slot,
        "tour": tour,
        "company": tour.company,
        "site_url": settings.SITE_URL,
        "manage_url": settings.SITE_URL + booking.get_absolute_url(),
        "tour_url": settings.SITE_URL + tour.get_absolute_url(),
    }


def _render(kind: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"booking/email/{kind}_subject.txt", context)
    body = render_to_string(f"booking/email/{kind}.txt", context)
    return " ".join(subject.split()), body


def visitor_message(mail: OutboundMail) -> InvitationMessage:
    """The visitor's notice with the invitation (REQUEST) or cancellation (CANCEL), in the
    visitor's language, from the booking as it is now (current times and SEQUENCE)."""
    booking = mail.booking
    company = booking.slot.tour.company
    method = _METHOD[mail.kind]
    with translation.override(booking.language):
        context = _context(booking)
        subject, body = _render(mail.kind, context)
        html = render_to_string(f"booking/email/{mail.kind}.html", context)
        ics = calendar.booking_ics(booking, method=method)
    message = InvitationMessage(
        subject=subject,
        body=body,
        from_email=formataddr((display_name(company.name), calendar.system_address())),
        to=[formataddr((display_name(booking.name), mail.recipient))],
        reply_to=[formataddr((display_name(company.name), company.email))],
        headers={"Message-ID": _message_id(mail)},
        ics=ics,
        method=method,
    )
    message.attach_alternative(html, "text/html")
    return message


def company_message(mail: OutboundMail) -> EmailMultiAlternatives:
    """The company's notice of a new or cancelled booking, in the site's language, with
    Reply-To the visitor so staff can answer with one click."""
    booking = mail.booking
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(booking)
        context["admin_url"] = settings.SITE_URL + reverse(
            "admin:booking_booking_change", args=[booking.pk]
        )
        subject, body = _render(mail.kind, context)
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        reply_to=[formataddr((display_name(booking.name), booking.email))],
        headers={"Message-ID": _message_id(mail)},
    )


def mail_message(mail: OutboundMail) -> EmailMultiAlternatives | None:
    """The message to send for `mail`, or None when it is moot: an invitation for a booking
    that has since been cancelled (the CANCEL that follows says all)."""
    if mail.to_visitor:
        if mail.kind != OutboundMail.Kind.CANCELLED and not mail.booking.is_active:
            return None
        return visitor_message(mail)
    return company_message(mail)
