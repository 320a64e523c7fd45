"""Why a booking was refused. Each error has a stable `code` for the API and for tests,
and a message in the active language for people."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class BookingError(Exception):
    code = "booking_error"
    message = _("The booking could not be made.")

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(str(message) if message is not None else str(self.message))

    @property
    def text(self) -> str:
        return str(self.args[0])


class SlotNotFound(BookingError):
    code = "slot_not_found"
    message = _("This departure does not exist or is no longer offered.")


class SlotCancelled(BookingError):
    code = "slot_cancelled"
    message = _("This departure has been cancelled.")


class SlotClosed(BookingError):
    code = "slot_closed"
    message = _("This departure is closed to new bookings.")


class SlotInPast(BookingError):
    code = "slot_past"
    message = _("This departure has already started.")


class BookingCutOff(BookingError):
    code = "booking_closed"
    message = _("Online booking for this departure has closed. Please call the company.")


class SlotFull(BookingError):
    code = "slot_full"
    message = _("This departure is fully booked.")


class SlotTaken(BookingError):
    code = "slot_taken"
    message = _("Another group has already booked this time.")


class NotEnoughPlaces(BookingError):
    code = "not_enough_places"

    def __init__(self, available: int) -> None:
        self.available = available
        super().__init__(
            ngettext("Only %(count)d place is left.", "Only %(count)d places are left.", available)
            % {"count": available},
            field="party_size",
        )


class PartySizeInvalid(BookingError):
    code = "party_size_invalid"
    message = _("The number of people is not valid for this tour.")


class VisitorDataInvalid(BookingError):
    code = "invalid"
    message = _("Please check the details you entered.")


class IdempotencyKeyReused(BookingError):
    code = "idempotency_key_reused"
    message = _("This request key was already used for a different booking.")


class BookingNotActive(BookingError):
    code = "booking_not_active"
    message = _("This booking is already cancelled.")


class CancellationClosed(BookingError):
    code = "cancellation_closed"
    message = _("The deadline for cancelling online has passed. Please call the company.")
