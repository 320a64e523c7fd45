"""Output shapes of the public events API: an event with its programme. Read-only; no logic.

Only what the public event page shows: the hosts' secret answer links, their answers, and
anything about participants (who registered) are never listed, so they cannot leak here."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import AbsoluteUrlField, TextLanguagesField
from events.models import Event, Stop
from tours.api.serializers import CompanySummary


class StopOutput(serializers.ModelSerializer):
    company = CompanySummary(help_text="The host company.")
    text_languages = TextLanguagesField(fields=("activity",))

    class Meta:
        model = Stop
        fields = ["company", "start", "end", "activity", "text_languages"]
        read_only_fields = fields


class EventOutput(serializers.ModelSerializer):
    places_left = serializers.IntegerField(
        help_text="Participant places that can still be registered (0: new registrations go "
        "to the waiting list)."
    )
    registration_open = serializers.SerializerMethodField(
        help_text="Whether registration is possible now (before the deadline)."
    )
    start = serializers.SerializerMethodField(help_text="Start of the first stop.")
    end = serializers.SerializerMethodField(help_text="End of the last stop.")
    programme = StopOutput(many=True, source="stops.all", help_text="The stops in time order.")
    url = AbsoluteUrlField(help_text="The event's public page, where people register.")
    text_languages = TextLanguagesField(fields=("title", "description", "meeting_point"))

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "description",
            "meeting_point",
            "travel",
            "capacity",
            "places_left",
            "registration_deadline",
            "registration_open",
            "start",
            "end",
            "programme",
            "text_languages",
            "url",
        ]
        read_only_fields = fields

    def get_registration_open(self, event: Event) -> bool:
        return self.context["now"] < event.registration_deadline

    def _stops(self, event: Event) -> list[Stop]:
        return list(event.stops.all())  # prefetched: no query

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_start(self, event: Event) -> str | None:
        stops = self._stops(event)
        return serializers.DateTimeField().to_representation(stops[0].start) if stops else None

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_end(self, event: Event) -> str | None:
        stops = self._stops(event)
        end = max((stop.end for stop in stops), default=None)
        return serializers.DateTimeField().to_representation(end) if end else None
