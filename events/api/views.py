"""The public events API: published events with their programmes, in three queries per page
(count, events, stops with their companies) whatever the number of events."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.views import PublicViewSet
from events import selectors
from events.api.serializers import EventOutput
from events.models import Event


@extend_schema_view(
    list=extend_schema(
        summary="List published events that have not ended",
        description="Innovation-relay events: a day visiting several member companies.",
        tags=["events"],
    ),
    retrieve=extend_schema(summary="One published event with its programme", tags=["events"]),
)
class EventViewSet(PublicViewSet):
    serializer_class = EventOutput
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,100}"

    def get_queryset(self) -> QuerySet[Event]:
        # A past event stays readable by its address; the list shows what one can still join.
        return selectors.published_events(upcoming=self.action == "list")

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}
