"""Input and output shapes of the booking API. Shape only: whether a slot has room, and
every other booking rule, is decided by booking.capacity and booking.services."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.models import Booking, WaitlistEntry
from booking.selectors import waitlist_position
from core.api.fields import (
    StrictBooleanField,
    StrictEmailField,
    StrictIntegerField,
    absolute,
    no_surrogates,
    text_field,
)
from core.api.serializers import InputSerializer
from core.contact import MAX_PARTY_SIZE, VisitorData


class BookingInput(InputSerializer):
    slot = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="The slot's id.")
    name = text_field(max_length=120)
    email = StrictEmailField(max_length=254, validators=[no_surrogates])
    party_size = StrictIntegerField(min_value=1, max_value=MAX_PARTY_SIZE)
    phone = text_field(max_length=30, required=False, allow_blank=True, default="")
    organisation = text_field(max_length=150, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text="Language of the visitor's e-mails. Default: the request's Accept-Language.",
    )
    note = text_field(max_length=2000, required=False, allow_blank=True, default="")
    waitlist = StrictBooleanField(
        default=False,
        help_text="When the slot is full, join its waiting list instead of being refused.",
    )

    def visitor(self, default_language: str) -> VisitorData:
        return VisitorData.from_mapping(self.validated_data, default_language=default_language)


# One field instance for every datetime written out by hand: as a serializer's own field
# would write it (the current time zone, ISO 8601), None as None.
_datetime = serializers.DateTimeField().to_representation


class BookedSlotOutput(serializers.Serializer):
    id = serializers.IntegerField()
    tour = serializers.IntegerField(source="tour_id")
    tour_title = serializers.CharField(source="tour.title")
    company = serializers.CharField(source="tour.company.slug")
    company_name = serializers.CharField(source="tour.company.name")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    meeting_point = serializers.CharField(source="tour.meeting_point")
    address = serializers.CharField(source="tour.company.full_address")


# What a booking answer always holds, for the visitor and for the company's staff alike.
BOOKING_FIELDS = [
    "reference",
    "display_reference",
    "status",
    "slot",
    "party_size",
    "unit_price",
    "price_per",
    "total",
    "name",
    "email",
    "phone",
    "organisation",
    "language",
    "note",
    "source",
    "created",
    "cancelled_at",
]


class BookingOutput(serializers.ModelSerializer):
    """What the visitor (or the partner acting for them) may see of the booking. Shown only
    to the holder of the booking's secret token."""

    slot = BookedSlotOutput()
    display_reference = serializers.CharField(help_text="The reference as read out: K7MQ-4PX9.")
    unit_price = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        help_text="The price (DKK) the booking was made at, per person or per group "
        "(price_per): the tour's price then, kept if the tour's price changes later.",
    )
    total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="What the party pays on arrival (DKK): unit_price times party_size, or "
        "unit_price for a group price.",
    )
    cancellable_until = serializers.SerializerMethodField(
        help_text="The visitor may cancel online until this instant."
    )
    manage_url = serializers.SerializerMethodField(
        help_text="The visitor's own page (contains the secret token: give it only to them)."
    )
    ical_url = serializers.SerializerMethodField(
        help_text="The booking as an iCalendar file (contains the secret token)."
    )

    class Meta:
        model = Booking
        fields = [*BOOKING_FIELDS, "cancellable_until", "manage_url", "ical_url"]
        read_only_fields = fields

    def to_representation(self, booking: Booking) -> dict:
        """The fields above, written out: a ModelSerializer rebuilds and copies its fields
        for every instance, a third of the booking API's CPU before this. The declared
        fields stay the schema, and a test holds this to what they would give
        (tests/api/test_booking_output.py)."""
        slot = booking.slot
        tour = slot.tour
        company = tour.company
        return {
            "reference": booking.reference,
            "display_reference": booking.display_reference,
            "status": booking.status,
            "slot": {
                "id": slot.pk,
                "tour": slot.tour_id,
                "tour_title": str(tour.title),
                "company": company.slug,
                "company_name": company.name,
                "start": _datetime(slot.start),
                "end": _datetime(slot.end),
                "meeting_point": str(tour.meeting_point),
                "address": company.full_address,
            },
            "party_size": booking.party_size,
            "unit_price": f"{booking.unit_price:.2f}",
            "price_per": booking.price_per,
            "total": f"{booking.total:.2f}",
            "name": booking.name,
            "email": booking.email,
            "phone": booking.phone,
            "organisation": booking.organisation,
            "language": booking.language,
            "note": booking.note,
            "source": booking.source,
            "created": _datetime(booking.created),
            "cancelled_at": _datetime(booking.cancelled_at),
            "cancellable_until": self.get_cancellable_until(booking),
            "manage_url": self.get_manage_url(booking),
            "ical_url": self.get_ical_url(booking),
        }

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_cancellable_until(self, booking: Booking) -> str:
        return _datetime(booking.slot.start - booking.slot.tour.cancellation_deadline)

    @extend_schema_field(OpenApiTypes.URI)
    def get_manage_url(self, booking: Booking) -> str:
        return absolute(self.context, booking.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_ical_url(self, booking: Booking) -> str:
        url = reverse("api:booking-calendar", kwargs={"reference": booking.reference})
        return absolute(self.context, f"{url}?token={booking.token}")


class WaitlistEntryOutput(serializers.ModelSerializer):
    """A place in a full slot's queue, shown to whoever joined it (202 of POST /bookings/)."""

    slot = BookedSlotOutput()
    position = serializers.SerializerMethodField(
        help_text="Place in the queue (1 = next); null once the entry no longer waits."
    )
    manage_url = serializers.SerializerMethodField(
        help_text="The visitor's page to follow, accept an offer of places, or leave the list "
        "(contains the secret token: give it only to them)."
    )

    class Meta:
        model = WaitlistEntry
        fields = [
            "status",
            "position",
            "slot",
            "party_size",
            "name",
            "email",
            "phone",
            "organisation",
            "language",
            "note",
            "created",
            "offered_until",
            "manage_url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "integer", "minimum": 1, "nullable": True})
    def get_position(self, entry: WaitlistEntry) -> int | None:
        return waitlist_position(entry)

    @extend_schema_field(OpenApiTypes.URI)
    def get_manage_url(self, entry: WaitlistEntry) -> str:
        return absolute(self.context, entry.get_absolute_url())
