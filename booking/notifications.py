"""What a booking change tells people. Each function enqueues task rows and must be called
inside the transaction that makes the change, so the notice commits or rolls back with it."""

from booking import tasks
from booking.models import Booking


def booking_confirmed(booking: Booking) -> None:
    tasks.send_visitor_mail.enqueue(booking_id=booking.pk, kind="confirmed")


def booking_cancelled(booking: Booking) -> None:
    tasks.send_visitor_mail.enqueue(booking_id=booking.pk, kind="cancelled")
