"""The public, read-only catalogue of the supply: member companies and published tours
(their departures, with places left, are booking.api.slots). Each list is one page of rows
plus a count and the page's photos, in a fixed number of queries whatever its length;
scoping (published only) is in `get_queryset`."""

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.views import ID_PARAMETER, ID_PATTERN, PublicViewSet
from tours.api.filters import TourFilter
from tours.api.serializers import CompanyOutput, TourOutput
from tours.models import Company, Tour


@extend_schema_view(
    list=extend_schema(summary="List member companies", tags=["catalogue"]),
    retrieve=extend_schema(summary="One member company", tags=["catalogue"]),
)
class CompanyViewSet(PublicViewSet):
    serializer_class = CompanyOutput
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,80}"

    def get_queryset(self) -> QuerySet[Company]:
        return Company.objects.prefetch_related("photos").order_by("name", "pk")


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
            .prefetch_related("photos")
            .order_by("company__name", "title", "pk")
        )
