"""Input and output shapes of the staff API. Shape only: a tour's rules are the workspace
form's (TourForm), a slot's and a booking's are decided by booking.slot_services and
booking.services."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.api.serializers import BOOKING_FIELDS
from booking.api.slots import SlotOutput
from booking.models import Booking
from core.api.fields import StrictBooleanField, StrictIntegerField, text_field
from tours.api.serializers import CompanySummary, TourOutput
from tours.horizon import MAX_AHEAD
from tours.models import Tour

# The workspace form's bounds (workspace.forms.TourForm), repeated so the schema states them.
MINUTES = {
    "duration_minutes": (15, 24 * 60),
    "booking_cutoff_minutes": (0, 60 * 24 * 60),
    "cancellation_deadline_minutes": (0, 60 * 24 * 60),
    "reminder_minutes": (0, 14 * 24 * 60),
}
# API name -> (TourForm field, how to read it from a tour)
FORM_FIELDS = {
    "kind": ("kind", lambda t: t.kind),
    # `title` is the Danish text (the fallback of every language); `title_en` and `title_de`
    # its translations, empty for "show the Danish one" (docs/i18n.md).
    **{
        f"{name}{suffix}": (f"{name}_{code}", lambda t, c=f"{name}_{code}": getattr(t, c) or "")
        for name in ("title", "description", "meeting_point")
        for code, suffix in (("da", ""), ("en", "_en"), ("de", "_de"))
    },
    "languages": ("languages", lambda t: list(t.languages)),
    "duration_minutes": ("duration", lambda t: _minutes(t.duration)),
    "price": ("price", lambda t: str(t.price)),
    "price_per": ("price_per", lambda t: t.price_per),
    "min_group_size": ("min_group_size", lambda t: t.min_group_size),
    "max_group_size": ("max_group_size", lambda t: t.max_group_size),
    "booking_cutoff_minutes": ("booking_cutoff", lambda t: _minutes(t.booking_cutoff)),
    "cancellation_deadline_minutes": (
        "cancellation_deadline",
        lambda t: _minutes(t.cancellation_deadline),
    ),
    "reminder_minutes": ("reminder_before", lambda t: _minutes(t.reminder_before)),
    "published": ("published", lambda t: t.published),
}


def _minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)


@extend_schema_field({"type": "string", "pattern": r"^\d{1,6}(\.\d{1,2})?$"})
class PriceField(serializers.DecimalField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TourInput(serializers.Serializer):
    """Every field a company's tour has; on update (PATCH) any subset. `company` only on create,
    and only when the user works for several companies: a tour never changes hands."""

    company = serializers.SlugField(
        max_length=80, required=False, help_text="The company's slug (when you have several)."
    )
    kind = serializers.ChoiceField(choices=Tour.Kind.choices)
    title = text_field(max_length=150)
    description = text_field(max_length=10_000, required=False, allow_blank=True)
    meeting_point = text_field(max_length=200)
    title_en = text_field(max_length=150, required=False, allow_blank=True)
    title_de = text_field(max_length=150, required=False, allow_blank=True)
    description_en = text_field(max_length=10_000, required=False, allow_blank=True)
    description_de = text_field(max_length=10_000, required=False, allow_blank=True)
    meeting_point_en = text_field(max_length=200, required=False, allow_blank=True)
    meeting_point_de = text_field(max_length=200, required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=settings.LANGUAGES), min_length=1, max_length=3
    )
    duration_minutes = StrictIntegerField(min_value=15, max_value=24 * 60)
    price = PriceField(max_digits=8, decimal_places=2, min_value=0, required=False)
    price_per = serializers.ChoiceField(choices=Tour.PricePer.choices, required=False)
    min_group_size = StrictIntegerField(min_value=1, max_value=32767, required=False)
    max_group_size = StrictIntegerField(min_value=1, max_value=32767, required=False)
    booking_cutoff_minutes = StrictIntegerField(min_value=0, max_value=60 * 24 * 60, required=False)
    cancellation_deadline_minutes = StrictIntegerField(
        min_value=0, max_value=60 * 24 * 60, required=False
    )
    reminder_minutes = StrictIntegerField(min_value=0, max_value=14 * 24 * 60, required=False)
    published = StrictBooleanField(required=False)

    def form_data(self, tour: Tour) -> dict:
        """The TourForm's data: `tour`'s current values (a new tour's defaults), overlaid with
        what the request gave."""
        given = self.validated_data
        data = {}
        for name, (form_name, read) in FORM_FIELDS.items():
            value = given[name] if name in given else read(tour)
            if isinstance(value, bool) and not value:
                continue  # an unchecked checkbox is absent from form data
            data[form_name] = value
        return data


class StaffTourOutput(TourOutput):
    company = CompanySummary()
    reminder_minutes = serializers.SerializerMethodField()

    class Meta(TourOutput.Meta):
        fields = [*TourOutput.Meta.fields, "reminder_minutes", "published", "created", "updated"]
        read_only_fields = fields

    def get_reminder_minutes(self, tour: Tour) -> int:
        return _minutes(tour.reminder_before)


class StaffSlotOutput(SlotOutput):
    booked = serializers.IntegerField(
        help_text="Places taken (including held waiting-list offers)."
    )
    bookings = serializers.IntegerField(
        source="confirmed_bookings", help_text="Confirmed bookings."
    )

    class Meta(SlotOutput.Meta):
        fields = [*SlotOutput.Meta.fields, "booked", "bookings"]
        read_only_fields = fields


# Departures are opened for the seasons ahead; a start further out is a typo (and one near
# year 9999 would overflow when the tour's duration is added).


class SlotCreateInput(serializers.Serializer):
    tour = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="The tour's id.")
    start = serializers.DateTimeField(
        help_text="ISO 8601 with offset; in the future, at most five years ahead."
    )
    capacity = StrictIntegerField(min_value=1, max_value=10_000)

    def validate_start(self, start):
        if start > timezone.now() + MAX_AHEAD:
            raise serializers.ValidationError(_("At most five years ahead."))
        return start


class SlotCapacityInput(serializers.Serializer):
    """A PATCH of a departure: only its capacity can change here (moving it has its own rules
    and is done in the workspace). An empty PATCH changes nothing."""

    capacity = StrictIntegerField(min_value=1, max_value=10_000, required=False)


class StaffBookingOutput(serializers.ModelSerializer):
    """A booking as the company's staff see it, with the visitor's details (never the token)
    and its arrival: how many came and when, or when it was marked as not come."""

    slot = serializers.IntegerField(source="slot_id")
    total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="What the party pays on arrival (DKK), at the price the booking was made at.",
    )
    arrived = serializers.IntegerField(
        allow_null=True, help_text="How many of the party came; null until checked in."
    )
    checked_in_at = serializers.DateTimeField(allow_null=True)
    no_show_at = serializers.DateTimeField(
        allow_null=True, help_text="When the party was marked as not come; null otherwise."
    )

    class Meta:
        model = Booking
        fields = [*BOOKING_FIELDS, "arrived", "checked_in_at", "no_show_at"]
        read_only_fields = fields


class CheckInInput(serializers.Serializer):
    """How many of the party came; the whole party when left out. The booking service
    refuses a number outside 1..party size (arrived_invalid)."""

    arrived = StrictIntegerField(min_value=1, max_value=10_000, required=False)
