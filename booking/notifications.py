"""What a booking change tells people. Each function writes outbox rows (booking.outbox) and
must be called inside the transaction that makes the change, so the notice commits or
rolls back with it; the worker sends them after commit.

The services raise `Booking.sequence` before calling these for any change the visitor's
calendar should see (RFC 5546 §2.1.4); these functions only decide who hears what.
"""

from booking import outbox
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
