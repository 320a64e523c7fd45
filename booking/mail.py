"""The e-mails themselves, rendered when the worker sends them.

Each `OutboundMail.Kind` has one renderer, registered with `@renders(kind, ...)`: it builds
the message from the rows the mail is about as they are *now*, or returns None when the
mail has become moot (it is then SKIPPED). The events app registers its own renderers
(events/mail.py, imported by its AppConfig), so booking never imports events.

Visitor notices are iMIP messages (RFC 6047): multipart/mixed holding a
multipart/alternative of text/plain, text/html and `text/calendar; method=...;
charset=UTF-8`, plus the same calendar as an `invite.ics` attachment. The calendar parts
are base64, so their CRLF line ends reach the client byte for byte. From is the system's
sending address with the company's name as display name, equal to the ORGANIZER (so the
mail passes SPF/DKIM for our domain); Reply-To is the company, so replies reach people.
"""

import re
from collections.abc import Callable
from email.message import MIMEPart
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from booking import calendar
from booking.models import Booking, OutboundMail, WaitlistEntry
from tours.models import Slot

Renderer = Callable[[OutboundMail], EmailMessage | None]
_RENDERERS: dict[str, Renderer] = {}


def renders(*kinds: str) -> Callable[[Renderer], Renderer]:
    """Registers the decorated function as the renderer of these kinds of mail."""

    def register(renderer: Renderer) -> Renderer:
        for kind in kinds:
            _RENDERERS[kind] = renderer
        return renderer

    return register


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
    unique = mail.booking.uid if mail.booking_id else f"{mail.created:%Y%m%d%H%M%S%f}"
    return f"<mail-{mail.pk}.{unique}@{domain}>"


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


@renders(OutboundMail.Kind.CONFIRMED, OutboundMail.Kind.CHANGED, OutboundMail.Kind.CANCELLED)
def invitation(mail: OutboundMail) -> InvitationMessage | None:
    """None for an invitation whose booking has since been cancelled: the CANCEL that
    follows says all."""
    if mail.kind != OutboundMail.Kind.CANCELLED and not mail.booking.is_active:
        return None
    return visitor_message(mail)


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


@renders(OutboundMail.Kind.COMPANY_NEW, OutboundMail.Kind.COMPANY_CANCELLED)
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


def mail_message(mail: OutboundMail) -> EmailMessage | None:
    """The message to send for `mail`, with its stable Message-ID, or None when it is moot.
    Raises ValueError (a permanent failure) for a kind nobody renders."""
    renderer = _RENDERERS.get(mail.kind)
    if renderer is None:
        raise ValueError(f"no renderer for mail kind {mail.kind!r}")
    message = renderer(mail)
    if message is not None:
        message.extra_headers["Message-ID"] = _message_id(mail)
    return message


def plain_message(
    *, template: str, language: str, context: dict, to: str, reply_to: str
) -> EmailMultiAlternatives:
    """A plain-text mail from booking/email/<template>_subject.txt and <template>.txt,
    rendered in `language`."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject, body = _render(template, context)
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )


@renders(OutboundMail.Kind.REMINDER, OutboundMail.Kind.LINK)
def visitor_notice(mail: OutboundMail) -> EmailMultiAlternatives | None:
    """The reminder (with the event as a PUBLISH .ics) or the manage link. A reminder that
    waited out an outage past a cancellation or the visit's start is not sent."""
    booking = mail.booking
    company = booking.slot.tour.company
    if mail.kind == OutboundMail.Kind.REMINDER and (
        not booking.is_active or booking.slot.start <= timezone.now()
    ):
        return None
    message = plain_message(
        template=mail.kind,
        language=booking.language,
        context=_context(booking),
        to=mail.recipient,
        reply_to=company.email,
    )
    if mail.kind == OutboundMail.Kind.REMINDER:
        # The same event as the invitation (UID, SEQUENCE) as a plain PUBLISH file: opening
        # it finds the entry already there rather than inviting anyone again.
        name = calendar.ics_filename(
            f"booking-{booking.reference}", timezone.localdate(booking.slot.start)
        )
        ics = calendar.booking_ics(booking, method=calendar.PUBLISH)
        message.attach(name, ics, "text/calendar; charset=utf-8")
    return message


@renders(OutboundMail.Kind.COMPANY_CHANGED)
def company_change_notice(mail: OutboundMail) -> EmailMultiAlternatives:
    """Tells the company that a visitor moved or resized a booking, old and new side by side."""
    booking = mail.booking
    context = {
        **_context(booking),
        "old_slot": Slot.objects.get(pk=mail.context["old_slot_id"]),
        "old_party_size": mail.context["old_party_size"],
    }
    return plain_message(
        template=mail.kind,
        language=settings.LANGUAGE_CODE,
        context=context,
        to=mail.recipient,
        reply_to=booking.email,
    )


@renders(
    OutboundMail.Kind.WAITLIST_JOINED,
    OutboundMail.Kind.WAITLIST_OFFER,
    OutboundMail.Kind.WAITLIST_EXPIRED,
    OutboundMail.Kind.WAITLIST_CANCELLED,
    OutboundMail.Kind.WAITLIST_MOVED,
)
def waitlist_notice(mail: OutboundMail) -> EmailMultiAlternatives | None:
    """Joined, offer (with the accept link), offer expired, or the departure cancelled or
    moved by the company, in the visitor's language. An
    offer that was answered or ran out before it could be sent is not sent, nor a welcome
    to a visitor who has left the list since."""
    entry = WaitlistEntry.objects.select_related("slot__tour__company").get(
        pk=mail.context["entry_id"]
    )
    moot = {
        OutboundMail.Kind.WAITLIST_OFFER: entry.status != WaitlistEntry.Status.OFFERED,
        OutboundMail.Kind.WAITLIST_JOINED: entry.status == WaitlistEntry.Status.LEFT,
    }
    if moot.get(mail.kind, False):
        return None
    company = entry.slot.tour.company
    context = {"entry": entry, "slot": entry.slot, "tour": entry.slot.tour, "company": company}
    return plain_message(
        template=mail.kind,
        language=entry.language,
        context=context,
        to=mail.recipient,
        reply_to=company.email,
    )
