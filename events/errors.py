"""Why an event change or a registration was refused. Each error is a BookingError, so views
and the API map them the same way: a stable `code` and a message in the active language."""

from django.utils.translation import gettext_lazy as _

from booking.errors import BookingError


class EventError(BookingError):
    code = "event_error"
    message = _("The event could not be changed.")


class EventNotOpen(EventError):
    code = "event_not_open"
    message = _("This event is not open for registration.")


class RegistrationClosed(EventError):
    code = "registration_closed"
    message = _("Registration for this event has closed.")


class EventFull(EventError):
    code = "event_full"
    message = _("This event is fully booked.")


class EventCancelled(EventError):
    code = "event_cancelled"
    message = _("This event has been cancelled.")


class CapacityBelowRegistered(EventError):
    code = "capacity_below_registered"
    message = _("The number of places cannot be below the places already registered.")


class RegistrationNotActive(EventError):
    code = "registration_not_active"
    message = _("This registration is already cancelled.")


class StopTimesInvalid(EventError):
    code = "stop_times_invalid"
    message = _("A stop must end after it starts.")


class StopsOverlap(EventError):
    code = "stops_overlap"
    message = _("Two stops of the programme overlap.")


class StopOverBookings(EventError):
    code = "stop_over_bookings"
    message = _("The company has visitors booked at that time.")


class StopOverOtherEvent(EventError):
    code = "stop_over_other_event"
    message = _("The company hosts another event at that time.")


class StopNotFound(EventError):
    code = "stop_not_found"
    message = _("This stop is not part of the programme.")


class StopAlreadyAnswered(EventError):
    code = "stop_already_answered"
    message = _("This request has already been answered.")


class ProgrammeNotReady(EventError):
    code = "programme_not_ready"
    message = _("The programme needs at least one stop, and no host may have declined.")
