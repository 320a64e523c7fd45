"""What a booking change tells people. Each function writes outbox rows (booking.outbox) and
must be called inside the transaction that makes the change, so the notice commits or
rolls back with it; the worker sends them after commit.

The services raise `Booking.sequence` before calling these for any change the visitor's
calendar should see (RFC 5546 §2.1.4); these functions only decide who hears what.
"""

from booking import outbox, tasks
from booking.models import Booking, OutboundMail


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
    tasks.send_company_change_mail.enqueue(
        booking_id=booking.pk, old_slot_id=old_slot_id, old_party_size=old_party_size
    )


def booking_reminder_schedule(booking: Booking) -> None:
    """Schedules the reminder for the booking's current time. A task left from an earlier
    time finds itself early and does nothing; `reminders.booking_remind` sends at most once."""
    remind_at = booking.slot.start - booking.slot.tour.reminder_before
    tasks.booking_remind_task.using(run_after=remind_at).enqueue(booking_id=booking.pk)


def booking_reminder(booking: Booking) -> None:
    """The reminder is due: the visitor gets it."""
    tasks.send_visitor_mail_kind.enqueue(booking_id=booking.pk, kind="reminder")


def booking_link(booking: Booking) -> None:
    """The visitor asked for their link again (or staff renewed it): mail it to them."""
    tasks.send_visitor_mail_kind.enqueue(booking_id=booking.pk, kind="link")


def booking_lost_link(*, email: str, reference: str) -> None:
    """Someone asked for the link of booking `reference` to `email`; the worker looks it up."""
    tasks.send_lost_link.enqueue(email=email, reference=reference)


def waitlist_joined(entry) -> None:
    tasks.send_waitlist_mail.enqueue(entry_id=entry.pk, kind="waitlist_joined")


def waitlist_offered(entry) -> None:
    """Places are held for the entry: mail the offer, and end it when it runs out."""
    tasks.send_waitlist_mail.enqueue(entry_id=entry.pk, kind="waitlist_offer")
    waitlist_expiry_schedule(entry)


def waitlist_expiry_schedule(entry) -> None:
    """Ends the offer when it runs out; a task left from a later deadline does nothing."""
    tasks.waitlist_expire_task.using(run_after=entry.offered_until).enqueue(entry_id=entry.pk)


def waitlist_expired(entry) -> None:
    tasks.send_waitlist_mail.enqueue(entry_id=entry.pk, kind="waitlist_expired")


def waitlist_slot_cancelled(entry) -> None:
    """The company cancelled the departure the entry waited for (or held an offer on)."""
    tasks.send_waitlist_mail.enqueue(entry_id=entry.pk, kind="waitlist_cancelled")


def waitlist_slot_moved(entry) -> None:
    """The company moved the departure: the waiting visitor hears the new time."""
    tasks.send_waitlist_mail.enqueue(entry_id=entry.pk, kind="waitlist_moved")
