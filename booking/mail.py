"""The booking app's e-mails, rendered by the outbox worker when they are sent (notify).

Each kind in booking.models.MailKind has its renderer here, registered with notify's
`@renders`: it builds the message from the rows the mail is about as they are *now*, or
returns None when the mail has become moot (it is then SKIPPED).

Visitor notices are iMIP messages (notify.mail.InvitationMessage). From is the system's
sending address with the company's name as display name, equal to the ORGANIZER (so the
mail passes SPF/DKIM for our domain); Reply-To is the company, so replies reach people.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from booking import calendar, checkin
from booking.models import Booking, MailKind, WaitlistEntry
from core import ical
from notify import kinds
from notify.mail import (
    HtmlMessage,
    InlineImage,
    InvitationMessage,
    mail_address,
    plain_message,
    render_text,
    renders,
)
from notify.models import OutboundMail
from tours.models import Slot

kinds.register(MailKind)

_METHOD = {
    MailKind.CONFIRMED: ical.REQUEST,
    MailKind.CHANGED: ical.REQUEST,
    MailKind.CANCELLED: ical.CANCEL,
}


def _booking(mail: OutboundMail) -> Booking:
    return Booking.objects.select_related("slot__tour__company").get(pk=mail.context["booking_id"])


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


def _checkin_qr(booking: Booking) -> InlineImage:
    """The check-in code as an image part of the mail, so the visitor can show it at the
    farm from the mail itself, offline."""
    domain = ical.system_address().rpartition("@")[2] or "localhost"
    return InlineImage(
        cid=f"checkin-{booking.reference}@{domain}",
        content=checkin.checkin_qr_png(booking),
        filename=f"check-in-{booking.reference}.png",
    )


def _with_qr(context: dict, booking: Booking) -> tuple[dict, list[InlineImage]]:
    """The context and images of a mail that shows the check-in code (while the booking
    stands and the visit is ahead)."""
    if not booking.is_active or booking.slot.start <= timezone.now():
        return context, []
    qr = _checkin_qr(booking)
    return {**context, "qr_cid": qr.cid}, [qr]


def _render(kind: str, context: dict) -> tuple[str, str]:
    return render_text(f"booking/email/{kind}", context)


@renders(MailKind.CONFIRMED, MailKind.CHANGED, MailKind.CANCELLED)
def invitation(mail: OutboundMail) -> InvitationMessage | None:
    """None for an invitation whose booking has since been cancelled: the CANCEL that
    follows says all."""
    booking = _booking(mail)
    if mail.kind != MailKind.CANCELLED and not booking.is_active:
        return None
    return visitor_message(mail, booking)


def visitor_message(mail: OutboundMail, booking: Booking) -> InvitationMessage:
    """The visitor's notice with the invitation (REQUEST) or cancellation (CANCEL), in the
    visitor's language, from the booking as it is now (current times and SEQUENCE)."""
    company = booking.slot.tour.company
    method = _METHOD[mail.kind]
    images = []
    with translation.override(booking.language):
        context = _context(booking)
        if method != ical.CANCEL:
            context, images = _with_qr(context, booking)
        subject, body = _render(mail.kind, context)
        html = render_to_string(f"booking/email/{mail.kind}.html", context)
        ics = calendar.booking_ics(booking, method=method)
    message = InvitationMessage(
        subject=subject,
        body=body,
        from_email=mail_address(company.name, ical.system_address()),
        to=[mail_address(booking.name, mail.recipient)],
        reply_to=[mail_address(company.name, company.email)],
        ics=ics,
        method=method,
        images=images,
    )
    message.attach_alternative(html, "text/html")
    return message


@renders(MailKind.COMPANY_NEW, MailKind.COMPANY_CANCELLED)
def company_message(mail: OutboundMail) -> EmailMultiAlternatives:
    """The company's notice of a new or cancelled booking, in the site's language, with
    Reply-To the visitor so staff can answer with one click."""
    booking = _booking(mail)
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
        reply_to=[mail_address(booking.name, booking.email)],
    )


@renders(MailKind.REMINDER, MailKind.LINK)
def visitor_notice(mail: OutboundMail) -> EmailMultiAlternatives | None:
    """The reminder (with the event as a PUBLISH .ics) or the manage link. A reminder that
    waited out an outage past a cancellation or the visit's start is not sent."""
    booking = _booking(mail)
    company = booking.slot.tour.company
    if mail.kind == MailKind.REMINDER and (
        not booking.is_active or booking.slot.start <= timezone.now()
    ):
        return None
    context, images = _context(booking), []
    if mail.kind == MailKind.REMINDER:
        context, images = _with_qr(context, booking)
    message = plain_message(
        template=f"booking/email/{mail.kind}",
        language=booking.language,
        context=context,
        to=mail.recipient,
        reply_to=company.email,
        html=mail.kind == MailKind.REMINDER,
        images=images,
    )
    if mail.kind == MailKind.REMINDER:
        # The same event as the invitation (UID, SEQUENCE) as a plain PUBLISH file: opening
        # it finds the entry already there rather than inviting anyone again.
        name = ical.ics_filename(
            f"booking-{booking.reference}", timezone.localdate(booking.slot.start)
        )
        ics = calendar.booking_ics(booking, method=ical.PUBLISH)
        message.attach(name, ics, "text/calendar; charset=utf-8")
    return message


@renders(MailKind.COMPANY_CHANGED)
def company_change_notice(mail: OutboundMail) -> EmailMultiAlternatives:
    """Tells the company that a visitor moved or resized a booking, old and new side by side."""
    booking = _booking(mail)
    context = {
        **_context(booking),
        "old_slot": Slot.objects.get(pk=mail.context["old_slot_id"]),
        "old_party_size": mail.context["old_party_size"],
    }
    return plain_message(
        template=f"booking/email/{mail.kind}",
        language=settings.LANGUAGE_CODE,
        context=context,
        to=mail.recipient,
        reply_to=booking.email,
    )


@renders(
    MailKind.WAITLIST_JOINED,
    MailKind.WAITLIST_OFFER,
    MailKind.WAITLIST_EXPIRED,
    MailKind.WAITLIST_CANCELLED,
    MailKind.WAITLIST_MOVED,
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
        MailKind.WAITLIST_OFFER: entry.status != WaitlistEntry.Status.OFFERED,
        MailKind.WAITLIST_JOINED: entry.status == WaitlistEntry.Status.LEFT,
    }
    if moot.get(mail.kind, False):
        return None
    company = entry.slot.tour.company
    context = {"entry": entry, "slot": entry.slot, "tour": entry.slot.tour, "company": company}
    return plain_message(
        template=f"booking/email/{mail.kind}",
        language=entry.language,
        context=context,
        to=mail.recipient,
        reply_to=company.email,
    )


@renders(MailKind.PLAN_CONFIRMED)
def plan_message(mail: OutboundMail) -> HtmlMessage | None:
    """The one confirmation of several visits booked together (booking.plans): every visit
    still standing, with its reference, time, place, total and own manage link, the check-in
    code of each, and one calendar file with an event per visit (each its own UID).
    From the cluster, not one company: each visit names its company and how to reach it.
    None when every visit has been cancelled since (their CANCELs say all)."""
    bookings = [
        booking
        for booking in Booking.objects.select_related("slot__tour__company")
        .filter(pk__in=mail.context["booking_ids"])
        .order_by("slot__start", "pk")
        if booking.is_active
    ]
    if not bookings:
        return None
    first = bookings[0]
    images = []
    visits = []
    with translation.override(first.language):
        for booking in bookings:
            context, qr = _with_qr(_context(booking), booking)
            images += qr
            visits.append({**context, "total": booking.total})
        context = {
            "booking": first,
            "visits": visits,
            "site_url": settings.SITE_URL,
            "grand_total": sum(visit["total"] for visit in visits),
        }
        subject, body = _render(mail.kind, context)
        html = render_to_string(f"booking/email/{mail.kind}.html", context)
        ics = calendar.bookings_ics(bookings, language=first.language)
        day = timezone.localdate(first.slot.start)
    message = HtmlMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail_address(first.name, mail.recipient)],
        images=images,
    )
    message.attach_alternative(html, "text/html")
    message.attach(ical.ics_filename("day-plan", day), ics, "text/calendar; charset=utf-8")
    return message
