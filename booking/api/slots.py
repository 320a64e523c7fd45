"""Departures (slots) in the API: the public list with places left, and the shapes and
filters the staff list shares. Whether a slot can be booked, and how many places, comes from
the one rule in booking.capacity."""

import django_filters
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from core.api.fields import absolute
from core.api.filters import IntegerFilter, SlugFilter, StrictFilterSet, UtcIsoDateTimeFilter
from core.api.views import ID_PARAMETER, ID_PATTERN, PublicViewSet
from tours.models import Slot, Tour


class SlotOutput(serializers.ModelSerializer):
    tour = serializers.IntegerField(source="tour_id", help_text="The tour's id.")
    tour_title = serializers.CharField(source="tour.title")
    company = serializers.CharField(source="tour.company.slug", help_text="The company's slug.")
    available = serializers.SerializerMethodField(
        help_text="Places that can still be booked: 0 when the slot is closed, cancelled, or "
        "(for a group visit) already taken."
    )
    bookable = serializers.SerializerMethodField(
        help_text="Whether a booking can be tried now (open, before the booking cut-off, "
        "places left)."
    )
    booking_closes_at = serializers.DateTimeField()
    book_url = serializers.SerializerMethodField(help_text="The web page to book this slot.")

    class Meta:
        model = Slot
        fields = [
            "id",
            "tour",
            "tour_title",
            "company",
            "start",
            "end",
            "capacity",
            "available",
            "status",
            "bookable",
            "booking_closes_at",
            "book_url",
        ]
        read_only_fields = fields

    def get_available(self, slot: Slot) -> int:
        return slot_available(slot)

    def get_bookable(self, slot: Slot) -> bool:
        return slot.is_bookable(self.context.get("now") or timezone.now())

    @extend_schema_field(OpenApiTypes.URI)
    def get_book_url(self, slot: Slot) -> str:
        return absolute(self.context, reverse("booking:book", kwargs={"slot_id": slot.pk}))


def slot_available(slot: Slot) -> int:
    """Places a visitor could book: none on a slot that takes no bookings or whose one group
    visit is taken."""
    if slot.status != Slot.Status.SCHEDULED:
        return 0
    if slot.tour.is_group and slot.booked > 0:
        return 0
    return slot.available


class SlotFilter(StrictFilterSet):
    tour = IntegerFilter(field_name="tour_id", min_value=1, max_value=2**63 - 1)
    company = SlugFilter(
        field_name="tour__company__slug", max_length=80, help_text=_("The company's slug.")
    )
    min_available = IntegerFilter(
        field_name="available_places",
        lookup_expr="gte",
        min_value=0,
        max_value=100_000,
        help_text=_("Only slots with at least this many places left."),
    )
    kind = django_filters.ChoiceFilter(field_name="tour__kind", choices=Tour.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Slot.Status.choices)

    class Meta:
        model = Slot
        fields = ["tour", "company", "kind", "min_available", "status"]


# `from` is a Python keyword, so these two cannot be class attributes under their public names.
SlotFilter.base_filters["from"] = UtcIsoDateTimeFilter(
    field_name="start",
    lookup_expr="gte",
    help_text=_("Slots starting at or after this instant (ISO 8601). Default: now."),
)
SlotFilter.base_filters["to"] = UtcIsoDateTimeFilter(
    field_name="start",
    lookup_expr="lt",
    help_text=_("Slots starting before this instant (ISO 8601)."),
)


# The bounds the slot filter enforces, stated in the schema (public and staff lists alike).
SLOT_LIST_PARAMETERS = [
    OpenApiParameter(
        "tour",
        {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
        description="The tour's id.",
    ),
    OpenApiParameter(
        "min_available",
        {"type": "integer", "minimum": 0, "maximum": 100_000},
        description="Only slots with at least this many places left.",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List slots (departures) with places left",
        description="Without `from`, only slots that have not started yet.",
        tags=["catalogue"],
        parameters=SLOT_LIST_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One slot", tags=["catalogue"], parameters=[ID_PARAMETER]),
)
class SlotViewSet(PublicViewSet):
    serializer_class = SlotOutput
    filter_backends = (DjangoFilterBackend,)
    filterset_class = SlotFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[Slot]:
        slots = (
            Slot.objects.filter(tour__published=True)
            .select_related("tour", "tour__company")
            .annotate(available_places=available_places())
            .order_by("start", "pk")
        )
        if self.action == "list" and not self.request.query_params.get("from"):
            slots = slots.filter(start__gte=timezone.now())
        return slots


def available_places() -> Case:
    """The SQL twin of `tours.api.serializers.slot_available`, for filtering."""
    return Case(
        When(~Q(status=Slot.Status.SCHEDULED), then=Value(0)),
        When(Q(tour__kind=Tour.Kind.GROUP, booked__gt=0), then=Value(0)),
        default=F("capacity") - F("booked"),
        output_field=IntegerField(),
    )
