"""Why an event change or a registration was refused. Each error is a core DomainError, so
views and the API map them as they map a booking's: a stable `code`, a message in the active
language, and the HTTP status (409 for the event's state, 400 for the input)."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class EventError(DomainError):
    code = "event_error"
    message = _("The event could not be changed.")
    http_status = 409


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
    http_status = 400
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
