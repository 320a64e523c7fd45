"""What a booking change tells people. Each function writes outbox rows (booking.outbox) and
must be called inside the transaction that makes the change, so the notice commits or
rolls back with it; the worker sends them after commit, retrying while the mail server is
down. Every mail goes through the outbox; task rows here only schedule work (reminders,
offer expiry, the lost-link lookup), which writes its mail to the outbox in turn.

The services raise `Booking.sequence` before calling these for any change the visitor's
calendar should see (RFC 5546 §2.1.4); these functions only decide who hears what.
"""

from booking import outbox, tasks
from booking.models import Booking, OutboundMail, WaitlistEntry


def booking_confirmed(booking: Booking) -> None:
    """A new booking: the visitor gets the invitation, the company a notice."""
    outbox.mail_enqueue(
        booking=booking, kinds=[OutboundMail.Kind.CONFIRMED, OutboundMail.Kind.COMPANY_NEW]
    )


def booking_changed(booking: Booking) -> None:
    """The booking's time, slot or party size changed: the visitor gets the updated
    invitation (same UID, the raised SEQUENCE)."""
    outbox.mail_enqueue(booking=booking, kinds=[OutboundMail.Kind.CHANGED])


def booking_cancelled(booking: Booking) -> None:
    """The booking was cancelled, by the visitor or by the company: the visitor gets the
    CANCEL, the company a notice."""
    outbox.mail_enqueue(
        booking=booking, kinds=[OutboundMail.Kind.CANCELLED, OutboundMail.Kind.COMPANY_CANCELLED]
    )


# Self-service notices (issue 4). Same contract: call inside the transaction of the change.


def booking_changed_for_company(booking: Booking, *, old_slot_id: int, old_party_size: int) -> None:
    """The visitor moved or resized their booking: the company hears what changed."""
    outbox.mail_enqueue(
        booking=booking,
        kinds=[OutboundMail.Kind.COMPANY_CHANGED],
        old_slot_id=old_slot_id,
        old_party_size=old_party_size,
    )


def booking_reminder_schedule(booking: Booking) -> None:
    """Schedules the reminder for the booking's current time. A task left from an earlier
    time finds itself early and does nothing; `reminders.booking_remind` sends at most once."""
    remind_at = booking.slot.start - booking.slot.tour.reminder_before
    tasks.booking_remind_task.using(run_after=remind_at).enqueue(booking_id=booking.pk)


def booking_reminder(booking: Booking) -> None:
    """The reminder is due: the visitor gets it."""
    outbox.mail_enqueue(booking=booking, kinds=[OutboundMail.Kind.REMINDER])


def booking_link(booking: Booking) -> None:
    """The visitor asked for their link again (or staff renewed it): mail it to them (the
    link as it is when the mail is sent, so a renewal in between sends the new one)."""
    outbox.mail_enqueue(booking=booking, kinds=[OutboundMail.Kind.LINK])


def booking_lost_link(*, email: str, reference: str) -> None:
    """Someone asked for the link of booking `reference` to `email`; the worker looks it up
    (a task row, so the answer takes as long whether or not there is one) and, on a match,
    writes the link mail to the outbox (`booking_link`)."""
    tasks.send_lost_link.enqueue(email=email, reference=reference)


def _waitlist_mail(entry: WaitlistEntry, kind: str) -> None:
    outbox.mails_enqueue(
        mails=[OutboundMail(kind=kind, recipient=entry.email, context={"entry_id": entry.pk})]
    )


def waitlist_joined(entry: WaitlistEntry) -> None:
    _waitlist_mail(entry, OutboundMail.Kind.WAITLIST_JOINED)


def waitlist_offered(entry: WaitlistEntry) -> None:
    """Places are held for the entry: mail the offer, and end it when it runs out."""
    _waitlist_mail(entry, OutboundMail.Kind.WAITLIST_OFFER)
    waitlist_expiry_schedule(entry)


def waitlist_expiry_schedule(entry: WaitlistEntry) -> None:
    """Ends the offer when it runs out; a task left from a later deadline does nothing."""
    tasks.waitlist_expire_task.using(run_after=entry.offered_until).enqueue(entry_id=entry.pk)


def waitlist_expired(entry: WaitlistEntry) -> None:
    _waitlist_mail(entry, OutboundMail.Kind.WAITLIST_EXPIRED)


def waitlist_slot_cancelled(entry: WaitlistEntry) -> None:
    """The company cancelled the departure the entry waited for (or held an offer on)."""
    _waitlist_mail(entry, OutboundMail.Kind.WAITLIST_CANCELLED)


def waitlist_slot_moved(entry: WaitlistEntry) -> None:
    """The company moved the departure: the waiting visitor hears the new time."""
    _waitlist_mail(entry, OutboundMail.Kind.WAITLIST_MOVED)
