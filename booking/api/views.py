"""Booking commands over HTTP: validate the shape, call booking.services, render the result.

The visitor's booking is reached with its reference plus its secret token (header
X-Booking-Token or ?token=); without the right token the answer is the same 404 as for a
reference that does not exist, so nothing about other people's bookings can be learned.
"""

import re

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from booking import calendar, services, waitlist
from booking.api.errors import IdempotencyKeyInvalid
from booking.api.serializers import BookingInput, BookingOutput, WaitlistEntryOutput
from booking.errors import (
    NotEnoughPlaces,
    SlotFull,
    SlotNotFound,
    SlotTaken,
)
from booking.models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Booking,
    WaitlistEntry,
    normalize_reference,
)
from core import ical
from core.api.errors import ErrorOutput, api_not_found, domain_error_response
from core.api.language import activate_request_language
from core.api.views import PublicCommandView
from core.errors import DomainError
from core.ratelimit import enforce

_KEY = re.compile(r"[\x21-\x7e]{1,96}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_REFERENCE = re.compile(f"[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}")
# The web form's keys are "form:<uuid>"; the API's get their own prefix so a client's key
# can never collide with one.
KEY_PREFIX = "api:"

TOKEN_SCHEMA = {"type": "string", "pattern": "^[A-Za-z0-9_-]{20,64}$"}
TOKEN_PARAMETERS = [
    OpenApiParameter(
        "X-Booking-Token",
        TOKEN_SCHEMA,
        OpenApiParameter.HEADER,
        description="The booking's secret token (or use the `token` query parameter).",
    ),
    OpenApiParameter(
        "token",
        TOKEN_SCHEMA,
        OpenApiParameter.QUERY,
        description="The booking's secret token (or use the X-Booking-Token header).",
    ),
]
ERRORS = {
    400: OpenApiResponse(ErrorOutput, description="Invalid input."),
    404: OpenApiResponse(ErrorOutput, description="No such booking, or wrong token."),
    409: OpenApiResponse(ErrorOutput, description="Refused by the slot's or booking's state."),
}


class BookingCreateView(PublicCommandView):
    @extend_schema(
        operation_id="bookings_create",
        summary="Book places on a slot",
        tags=["bookings"],
        request=BookingInput,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "pattern": "^[!-~]{1,96}$"},
                OpenApiParameter.HEADER,
                description="Any unique string of up to 96 printable ASCII characters. "
                "Repeating the request with the same key and body returns the same booking; "
                "the same key with another body gives 422.",
            )
        ],
        responses={
            201: BookingOutput,
            429: OpenApiResponse(
                ErrorOutput,
                description="Too many bookings from this client or for this e-mail address "
                "in a short time (`throttled`); the Retry-After header says when to try again.",
            ),
            202: OpenApiResponse(
                WaitlistEntryOutput,
                description='The slot is full and "waitlist" was true: on its waiting list.',
            ),
            400: ERRORS[400],
            409: ERRORS[409],
            422: OpenApiResponse(ErrorOutput, description="Idempotency-Key reused."),
        },
    )
    def post(self, request: Request) -> Response:
        email = request.data.get("email") if isinstance(request.data, dict) else None
        enforce(request, "booking", target=email if isinstance(email, str) else None)
        key = request.headers.get("Idempotency-Key")
        if key is not None and not _KEY.fullmatch(key):
            raise IdempotencyKeyInvalid()
        data = BookingInput(data=request.data)
        data.is_valid(raise_exception=True)
        visitor = data.visitor(default_language=(get_language() or "da")[:2])
        try:
            try:
                booking = services.booking_create(
                    slot_id=data.validated_data["slot"],
                    visitor=visitor,
                    party_size=data.validated_data["party_size"],
                    source=Booking.Source.API,
                    idempotency_key=f"{KEY_PREFIX}{key}" if key else None,
                )
            except (SlotFull, NotEnoughPlaces, SlotTaken):
                if not data.validated_data["waitlist"]:
                    raise
                return _join_waitlist(request, data, visitor)
        except DomainError as error:
            if isinstance(error, SlotNotFound):
                error.field = "slot"
            return domain_error_response(error)
        # The service hands back the booking with its locked slot, tour and company loaded:
        # no second read on the hottest path.
        output = BookingOutput(booking, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


def _join_waitlist(request: Request, data: BookingInput, visitor) -> Response:
    """The slot is full and the client asked to wait: 202 with the queue entry. The waiting
    list refuses a second entry for the same e-mail address (409 already_on_waitlist), which
    also makes a retried request harmless."""
    entry = waitlist.waitlist_join(
        slot_id=data.validated_data["slot"],
        visitor=visitor,
        party_size=data.validated_data["party_size"],
    )
    entry = WaitlistEntry.objects.select_related("slot__tour__company").get(pk=entry.pk)
    output = WaitlistEntryOutput(entry, context={"request": request})
    return Response(output.data, status=status.HTTP_202_ACCEPTED)


class BookingDetailView(PublicCommandView):
    @extend_schema(
        operation_id="bookings_retrieve",
        summary="A booking, for the holder of its token",
        tags=["bookings"],
        parameters=TOKEN_PARAMETERS,
        responses={200: BookingOutput, 404: ERRORS[404]},
    )
    def get(self, request: Request, reference: str) -> Response:
        booking = visitor_booking(request, reference)
        return Response(BookingOutput(booking, context={"request": request}).data)

    @extend_schema(
        operation_id="bookings_destroy",
        summary="Cancel a booking (same as POST …/cancel/)",
        tags=["bookings"],
        parameters=TOKEN_PARAMETERS,
        responses={200: BookingOutput, 404: ERRORS[404], 409: ERRORS[409]},
    )
    def delete(self, request: Request, reference: str) -> Response:
        return _cancel(request, reference)


class BookingCancelView(PublicCommandView):
    @extend_schema(
        operation_id="bookings_cancel",
        summary="Cancel a booking before the tour's cancellation deadline",
        tags=["bookings"],
        request=None,
        parameters=TOKEN_PARAMETERS,
        responses={200: BookingOutput, 404: ERRORS[404], 409: ERRORS[409]},
    )
    def post(self, request: Request, reference: str) -> Response:
        return _cancel(request, reference)


def _cancel(request: Request, reference: str) -> Response:
    enforce(request, "visitor_change", target=reference)
    booking = visitor_booking(request, reference)
    try:
        booking = services.booking_cancel(booking=booking, by_visitor=True)
    except DomainError as error:
        return domain_error_response(error)
    booking = _with_slot().get(pk=booking.pk)
    return Response(BookingOutput(booking, context={"request": request}).data)


def _with_slot():
    return Booking.objects.select_related("slot", "slot__tour", "slot__tour__company")


def visitor_booking(request: HttpRequest, reference: str) -> Booking:
    """The booking with this reference, if the request carries its token; else NotFound."""
    token = request.headers.get("X-Booking-Token") or request.GET.get("token") or ""
    reference = normalize_reference(reference)
    if not (_TOKEN.fullmatch(token) and _REFERENCE.fullmatch(reference)):
        raise exceptions.NotFound()
    booking = _with_slot().filter(reference=reference).first()
    if booking is None or not booking.token_matches(token):
        raise exceptions.NotFound()
    return booking


@require_GET
def booking_calendar_view(request: HttpRequest, reference: str) -> HttpResponse:
    """The booking's .ics file (the `ical_url`), for the holder of its token."""
    activate_request_language(request)
    try:
        booking = visitor_booking(request, reference)
    except exceptions.NotFound:
        return api_not_found(request)
    # The same file as the visitor's download: same UID and SEQUENCE as the invitation.
    response = HttpResponse(
        calendar.booking_ics(booking, method=ical.PUBLISH),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
