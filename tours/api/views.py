"""The public, read-only catalogue. Each list is one page of rows plus a count, in a fixed
number of queries whatever its length; scoping (published only) is in `get_queryset`."""

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from core.api.views import ID_PARAMETER, ID_PATTERN, PublicViewSet
from tours.api.filters import SlotFilter, TourFilter
from tours.api.serializers import CompanyOutput, SlotOutput, TourOutput
from tours.models import Company, Slot, Tour


@extend_schema_view(
    list=extend_schema(summary="List member companies", tags=["catalogue"]),
    retrieve=extend_schema(summary="One member company", tags=["catalogue"]),
)
class CompanyViewSet(PublicViewSet):
    serializer_class = CompanyOutput
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,80}"

    def get_queryset(self) -> QuerySet[Company]:
        return Company.objects.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="List published tours", tags=["catalogue"]),
    retrieve=extend_schema(
        summary="One published tour", tags=["catalogue"], parameters=[ID_PARAMETER]
    ),
)
class TourViewSet(PublicViewSet):
    serializer_class = TourOutput
    filter_backends = (DjangoFilterBackend,)
    filterset_class = TourFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[Tour]:
        return (
            Tour.objects.filter(published=True)
            .select_related("company")
            .order_by("company__name", "title", "pk")
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
