"""What a booking change tells people. Each function writes outbox rows (notify.outbox) and
must be called inside the transaction that makes the change, so the notice commits or
rolls back with it; the worker sends them after commit, retrying while the mail server is
down. Work scheduled for later (reminders, offer expiry, the lost-link lookup) is a task
beside the service it runs (booking.reminders, booking.waitlist, booking.links), which
writes its mail through these functions in turn.

Partners hear of new, changed and cancelled bookings here too, by webhook (booking.webhooks):
the same moments, through the same outbox.

The services raise `Booking.sequence` before calling these for any change the visitor's
calendar should see (RFC 5546 §2.1.4); these functions only decide who hears what.
"""

from booking import webhooks
from booking.models import Booking, MailKind, WaitlistEntry
from notify import outbox
from notify.models import OutboundMail, about
from tours.models import Slot, Tour

_TO_COMPANY = {MailKind.COMPANY_NEW, MailKind.COMPANY_CHANGED, MailKind.COMPANY_CANCELLED}


def _booking_mails(booking: Booking, kinds: list[str], **context) -> None:
    """Enqueues these kinds of mail about the booking; `context` is kept for the renderer.
    A booking taken by phone without an e-mail address gets no visitor mail (nor its
    invitation): nothing is written for it, so the outbox holds no undeliverable row."""
    if not booking.email:
        kinds = [kind for kind in kinds if kind in _TO_COMPANY]
        if not kinds:
            return
    outbox.mails_enqueue(
        mails=[
            OutboundMail(
                kind=kind,
                about=about(booking),
                recipient=_company_email(booking) if kind in _TO_COMPANY else booking.email,
                context={"booking_id": booking.pk, **context},
            )
            for kind in kinds
        ]
    )


def _company_email(booking: Booking) -> str:
    # The booking service has usually loaded slot, tour and company with its lock: reuse
    # them rather than query inside the transaction.
    cached = (
        Booking.slot.is_cached(booking)
        and Slot.tour.is_cached(booking.slot)
        and Tour.company.is_cached(booking.slot.tour)
    )
    if cached:
        return booking.slot.tour.company.email
    return (
        Slot.objects.filter(pk=booking.slot_id).values_list("tour__company__email", flat=True).get()
    )


def booking_confirmed(booking: Booking) -> None:
    """A new booking: the visitor gets the invitation, the company a notice."""
    _booking_mails(booking, [MailKind.CONFIRMED, MailKind.COMPANY_NEW])
    webhooks.booking_created(booking)


def booking_changed(booking: Booking, *, old_slot_id: int | None = None) -> None:
    """The booking's time, slot or party size changed: the visitor gets the updated
    invitation (same UID, the raised SEQUENCE); partners hear of it, with the departure it
    left when it moved."""
    _booking_mails(booking, [MailKind.CHANGED])
    webhooks.booking_changed(booking, old_slot_id=old_slot_id)


def booking_cancelled(booking: Booking) -> None:
    """The booking was cancelled, by the visitor or by the company: the visitor gets the
    CANCEL, the company a notice."""
    _booking_mails(booking, [MailKind.CANCELLED, MailKind.COMPANY_CANCELLED])
    webhooks.booking_cancelled(booking)


def plan_confirmed(bookings: list[Booking]) -> None:
    """Several bookings made together for one visitor (booking.plans): the visitor gets one
    mail with every visit and one calendar file holding an event per booking; each company
    its usual notice of its own booking, and partners each booking's event. The mail is
    `about` the first booking (the outbox knows one row per mail); its context lists all."""
    first = bookings[0]
    mails = [
        OutboundMail(
            kind=MailKind.COMPANY_NEW,
            about=about(booking),
            recipient=_company_email(booking),
            context={"booking_id": booking.pk},
        )
        for booking in bookings
    ]
    if first.email:
        mails.insert(
            0,
            OutboundMail(
                kind=MailKind.PLAN_CONFIRMED,
                about=about(first),
                recipient=first.email,
                context={"booking_ids": [booking.pk for booking in bookings]},
            ),
        )
    outbox.mails_enqueue(mails=mails)
    for booking in bookings:
        webhooks.booking_created(booking)


# Self-service notices (issue 4). Same contract: call inside the transaction of the change.


def booking_changed_for_company(booking: Booking, *, old_slot_id: int, old_party_size: int) -> None:
    """The visitor moved or resized their booking: the company hears what changed."""
    _booking_mails(
        booking,
        [MailKind.COMPANY_CHANGED],
        old_slot_id=old_slot_id,
        old_party_size=old_party_size,
    )


def booking_reminder(booking: Booking) -> None:
    """The reminder is due: the visitor gets it."""
    _booking_mails(booking, [MailKind.REMINDER])


def booking_link(booking: Booking) -> None:
    """The visitor asked for their link again (or staff renewed it): mail it to them (the
    link as it is when the mail is sent, so a renewal in between sends the new one)."""
    _booking_mails(booking, [MailKind.LINK])


def _waitlist_mail(entry: WaitlistEntry, kind: str) -> None:
    outbox.mails_enqueue(
        mails=[
            OutboundMail(
                kind=kind,
                about=about(entry),
                recipient=entry.email,
                context={"entry_id": entry.pk},
            )
        ]
    )


def waitlist_joined(entry: WaitlistEntry) -> None:
    _waitlist_mail(entry, MailKind.WAITLIST_JOINED)


def waitlist_offered(entry: WaitlistEntry) -> None:
    """Places are held for the entry: mail the offer."""
    _waitlist_mail(entry, MailKind.WAITLIST_OFFER)


def waitlist_expired(entry: WaitlistEntry) -> None:
    _waitlist_mail(entry, MailKind.WAITLIST_EXPIRED)


def waitlist_slot_cancelled(entry: WaitlistEntry) -> None:
    """The company cancelled the departure the entry waited for (or held an offer on)."""
    _waitlist_mail(entry, MailKind.WAITLIST_CANCELLED)


def waitlist_slot_moved(entry: WaitlistEntry) -> None:
    """The company moved the departure: the waiting visitor hears the new time."""
    _waitlist_mail(entry, MailKind.WAITLIST_MOVED)
