"""Why a booking, a waiting-list step or a change to a departure was refused. Each error
has a stable `code` for the API and for tests, a message in the active language for people,
and the HTTP status the API answers with (core.errors): 409 when the state of the slot or
booking refuses it (the same request may succeed later or elsewhere), 400 when the request
itself must change."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import DomainError
from core.formats import format_day


class BookingError(DomainError):
    code = "booking_error"
    message = _("The booking could not be made.")
    http_status = 400


class BookingConflict(BookingError):
    """A refusal by the state of the slot or booking: a base, never raised itself."""

    code = "booking_conflict"
    http_status = 409


class SlotNotFound(BookingError):
    code = "slot_not_found"
    message = _("This departure does not exist or is no longer offered.")


class SlotCancelled(BookingConflict):
    code = "slot_cancelled"
    message = _("This departure has been cancelled.")


class SlotClosed(BookingConflict):
    code = "slot_closed"
    message = _("This departure is closed to new bookings.")


class SlotInPast(BookingConflict):
    code = "slot_past"
    message = _("This departure has already started.")


class BookingCutOff(BookingConflict):
    code = "booking_closed"
    message = _("Online booking for this departure has closed. Please call the company.")


class SlotFull(BookingConflict):
    code = "slot_full"
    message = _("This departure is fully booked.")


class SlotTaken(BookingConflict):
    code = "slot_taken"
    message = _("Another group has already booked this time.")


class NotEnoughPlaces(BookingConflict):
    code = "not_enough_places"

    def __init__(self, available: int) -> None:
        self.available = available
        super().__init__(
            ngettext("Only %(count)d place is left.", "Only %(count)d places are left.", available)
            % {"count": available},
            field="party_size",
        )


class PartyLargerThanSlot(BookingError):
    """The party could never fit the departure, even empty: waiting would be for ever."""

    code = "party_larger_than_slot"

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        super().__init__(
            ngettext(
                "This departure takes at most %(count)d person.",
                "This departure takes at most %(count)d people.",
                capacity,
            )
            % {"count": capacity},
            field="party_size",
        )


class PartySizeInvalid(BookingError):
    code = "party_size_invalid"
    message = _("The number of people is not valid for this tour.")


class IdempotencyKeyReused(BookingError):
    code = "idempotency_key_reused"
    http_status = 422
    message = _("This request key was already used for a different booking.")


class BookingNotActive(BookingConflict):
    code = "booking_not_active"
    message = _("This booking is already cancelled.")


class ChangeDeadlinePassed(BookingConflict):
    code = "change_deadline_passed"
    message = _(
        "The booking can no longer be changed or cancelled online. Please call the company."
    )


class MoveNotAllowed(BookingError):
    code = "move_not_allowed"
    message = _("A booking can only be moved to another date of the same tour.")


class NothingToChange(BookingConflict):
    code = "nothing_to_change"
    message = _("That is how the booking is already.")


class WaitlistNotNeeded(BookingConflict):
    code = "waitlist_not_needed"
    message = _("There are places on this departure: you can book it straight away.")


class AlreadyOnWaitlist(BookingConflict):
    code = "already_on_waitlist"
    message = _("You are already on the waiting list for this departure.")


class WaitlistEntryNotActive(BookingConflict):
    code = "waitlist_entry_not_active"
    message = _("This place on the waiting list is no longer active.")


class OfferExpired(BookingConflict):
    code = "offer_expired"
    message = _("Sorry, this offer has expired and the places have passed to the next in line.")


# --- Slot-level errors (company workspace: capacity, closing, cancelling, moving slots) ---


class SlotError(BookingConflict):
    code = "slot_error"
    message = _("The departure could not be changed.")


class CapacityBelowBooked(SlotError):
    code = "capacity_below_booked"

    def __init__(self, booked: int) -> None:
        self.booked = booked
        super().__init__(
            ngettext(
                "The capacity cannot be below the %(count)d place already booked.",
                "The capacity cannot be below the %(count)d places already booked.",
                booked,
            )
            % {"count": booked},
            field="capacity",
        )


class CapacityInvalid(SlotError):
    code = "capacity_invalid"
    http_status = 400
    message = _("The capacity must be at least 1.")


class SlotStartInvalid(SlotError):
    code = "slot_start_invalid"
    http_status = 400
    message = _("A departure must start in the future.")


class SlotExists(SlotError):
    code = "slot_exists"
    message = _("This tour already has a departure at that time.")


class SlotNotChangeable(SlotError):
    code = "slot_not_changeable"
    message = _("This departure is cancelled and can no longer be changed.")


class SlotHasBookings(SlotError):
    code = "slot_has_bookings"
    message = _("This departure has bookings; cancel it instead, so the visitors are told.")


class SlotHeldByEvent(SlotError):
    code = "slot_held_by_event"
    message = _(
        "An event stop holds this departure. It opens again when the event releases it "
        "(the stop is declined, moved or removed, or the event cancelled)."
    )


# --- Arrival: check-in and no-shows (booking.checkin) ---------------------------------------


def _local_time(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


class CheckInError(BookingConflict):
    code = "check_in_error"
    message = _("The arrival could not be recorded.")


class AlreadyCheckedIn(CheckInError):
    """A second scan: nothing changes, and the first check-in's time is said."""

    code = "already_checked_in"

    def __init__(self, at: datetime, arrived: int) -> None:
        self.at, self.arrived = at, arrived
        super().__init__(
            ngettext(
                "Already checked in at %(time)s (%(count)d person).",
                "Already checked in at %(time)s (%(count)d people).",
                arrived,
            )
            % {"time": _local_time(at), "count": arrived}
        )


class CheckInWrongDay(CheckInError):
    code = "check_in_wrong_day"

    def __init__(self, day: date) -> None:
        self.day = day
        super().__init__(
            _("This booking is for %(day)s, not today.")
            % {"day": format_day(day, "weekday_date_year")}
        )


class ArrivedInvalid(CheckInError):
    code = "arrived_invalid"
    http_status = 400

    def __init__(self, party_size: int) -> None:
        super().__init__(
            ngettext(
                "The number who came must be %(count)d: the booking is for %(count)d person.",
                "The number who came must be between 1 and %(count)d, the party booked.",
                party_size,
            )
            % {"count": party_size},
            field="arrived",
        )


class CheckInNotConfirmed(CheckInError):
    """A partner's hold (ON_HOLD, or expired) is not a booking the party can arrive for."""

    code = "check_in_not_confirmed"
    message = _("This booking is not confirmed, so the party cannot be checked in.")


class NotCheckedIn(CheckInError):
    code = "not_checked_in"
    message = _("This booking is not checked in.")


class NoShowTooEarly(CheckInError):
    code = "no_show_too_early"

    def __init__(self, allowed_from: datetime) -> None:
        self.allowed_from = allowed_from
        super().__init__(
            _("A no-show can be marked from %(time)s, a while after the departure has started.")
            % {"time": _local_time(allowed_from)}
        )


class AlreadyNoShow(CheckInError):
    code = "already_no_show"
    message = _("This booking is already marked as a no-show.")


class NotNoShow(CheckInError):
    code = "not_no_show"
    message = _("This booking is not marked as a no-show.")


class BookingCheckedIn(BookingConflict):
    """Refuses a change or cancellation of a booking whose party has arrived."""

    code = "booking_checked_in"
    message = _(
        "The party has been checked in, so the booking cannot be changed or cancelled. "
        "Undo the check-in first."
    )


class SlotHasArrivals(SlotError):
    code = "slot_has_arrivals"
    message = _(
        "Visitors on this departure have been checked in; undo their check-ins before "
        "moving or cancelling it."
    )


# --- Holds (booking.reservations): places reserved for a partner before the sale is final ---


class HoldExpired(BookingConflict):
    code = "hold_expired"
    message = _("The hold on these places has expired; the places were released.")


class BookingNotHeld(BookingConflict):
    code = "booking_not_held"
    message = _("This booking is not on hold.")


class HoldMinutesInvalid(BookingError):
    code = "hold_minutes_invalid"
    message = _("A hold must last at least one minute.")


class GroupTooLarge(BookingError):
    """More people than one visitor's own booking of an open tour may be for (the tour's
    online_max_places, or BOOKING_MAX_PLACES): the group is sent to the company."""

    code = "group_too_large"

    def __init__(self, *, most: int, company) -> None:
        self.most = most
        contact = ", ".join(part for part in (company.phone, company.email) if part)
        super().__init__(
            ngettext(
                "Online bookings are for up to %(most)d person. For a larger group, please "
                "contact %(company)s: %(contact)s.",
                "Online bookings are for up to %(most)d people. For a larger group, please "
                "contact %(company)s: %(contact)s.",
                most,
            )
            % {"most": most, "company": company.name, "contact": contact},
            field="party_size",
        )


class TooManyBookingsForEmail(BookingConflict):
    """The e-mail address already holds the most bookings one address may hold on this
    departure (the tour's online_max_per_email, or BOOKING_MAX_PER_EMAIL)."""

    code = "too_many_bookings_for_email"

    def __init__(self, count: int) -> None:
        super().__init__(
            ngettext(
                "This e-mail address already has %(count)d booking on this departure. To "
                "change the number of people, use the link in your confirmation e-mail.",
                "This e-mail address already has %(count)d bookings on this departure. To "
                "change the number of people, use the link in your confirmation e-mail.",
                count,
            )
            % {"count": count},
            field="email",
        )


# --- Several departures booked together (booking.plans: a visitor's day plan) ---


class PlanEmpty(BookingError):
    code = "plan_empty"
    message = _("Your day plan has no visits yet.")


class PlanTooLong(BookingError):
    code = "plan_too_long"

    def __init__(self, most: int) -> None:
        self.most = most
        super().__init__(
            ngettext(
                "A day plan holds at most %(count)d visit.",
                "A day plan holds at most %(count)d visits.",
                most,
            )
            % {"count": most}
        )


class PlanVisitRefused(BookingError):
    """One visit of a plan was refused, so nothing of the plan was booked. Names the visit
    and gives the refusal of that visit (`cause`, with its own code); answers with the
    cause's status."""

    code = "plan_visit_refused"

    def __init__(self, *, visit: str, slot_id: int, cause: DomainError) -> None:
        self.slot_id = slot_id
        self.cause = cause
        self.http_status = cause.http_status
        super().__init__(
            _("%(visit)s: %(reason)s Nothing has been booked.")
            % {"visit": visit, "reason": cause.text},
            field=cause.field,
        )
