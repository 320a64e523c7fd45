"""What a booking change tells people. Each function enqueues task rows and must be called
inside the transaction that makes the change, so the notice commits or rolls back with it.

The services raise `Booking.sequence` before calling these for any change the visitor's
calendar should see (RFC 5546 §2.1.4); these functions only decide who hears what.
"""

from booking import tasks
from booking.models import Booking


def booking_confirmed(booking: Booking) -> None:
    """A new booking: the visitor gets the confirmation."""
    tasks.send_visitor_mail.enqueue(booking_id=booking.pk, kind="confirmed")


def booking_changed(booking: Booking) -> None:
    """The booking's time, slot or party size changed: the visitor gets the update."""
    tasks.send_visitor_mail.enqueue(booking_id=booking.pk, kind="changed")


def booking_cancelled(booking: Booking) -> None:
    """The booking was cancelled, by the visitor or by the company."""
    tasks.send_visitor_mail.enqueue(booking_id=booking.pk, kind="cancelled")
