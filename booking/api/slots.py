"""Departures (slots) in the API: the public list with places left, and the shapes and
filters the staff list shares. Whether a slot can be booked, and how many places, comes from
the one rule in booking.capacity."""

from datetime import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
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
from rest_framework.request import Request
from rest_framework.response import Response

from booking import capacity
from core.api.fields import absolute
from core.api.filters import IntegerFilter, SlugFilter, StrictFilterSet, UtcIsoDateTimeFilter
from core.api.views import ID_PARAMETER, ID_PATTERN, PublicViewSet
from core.content_language import FALLBACK_LANGUAGE, active_language, translated_fields
from tours.models import Slot, Tour


class SlotOutput(serializers.ModelSerializer):
    tour = serializers.IntegerField(source="tour_id", help_text="The tour's id.")
    tour_title = serializers.CharField(source="tour.title")
    company = serializers.CharField(source="tour.company.slug", help_text="The company's slug.")
    available = serializers.SerializerMethodField(
        help_text="The places a visitor could book now: 0 unless `bookable` (closed, "
        "cancelled, started, past the booking cut-off, full, or a group visit already taken)."
    )
    bookable = serializers.SerializerMethodField(
        help_text="Whether a booking can be made now: open, before the booking cut-off, with "
        "places left for the smallest party the tour takes."
    )
    booking_closes_at = serializers.SerializerMethodField(
        help_text="When online booking closes: the tour's booking cut-off before the start."
    )
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

    def _now(self) -> datetime:
        # One instant for the whole answer, the same the list was filtered with.
        return self.context.setdefault("now", timezone.now())

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_booking_closes_at(self, slot: Slot) -> str:
        return serializers.DateTimeField().to_representation(capacity.booking_closes_at(slot))

    def get_available(self, slot: Slot) -> int:
        return capacity.places_bookable(slot, now=self._now())

    def get_bookable(self, slot: Slot) -> bool:
        return capacity.is_bookable(slot, now=self._now())

    @extend_schema_field(OpenApiTypes.URI)
    def get_book_url(self, slot: Slot) -> str:
        return absolute(self.context, reverse("booking:book", kwargs={"slot_id": slot.pk}))


# What a listed slot is read from: plain rows (`.values()`), no model instances and no
# serializer's per-field machinery, which cost about two thirds of the list's CPU
# (docs/performance.md). `available` and `bookable` are the one rule (booking.capacity) read
# from each row through _RowSlot; tests/api/test_slot_list_rows.py holds every listed row to
# SlotOutput's answer for the same slot.
_TITLES = {field.rsplit("_", 1)[1]: f"tour__{field}" for field in translated_fields("title")}
_TOUR_FIELDS = ("published", "kind", "booking_cutoff", "min_group_size")
_ROW_FIELDS = ("id", "tour_id", *_TITLES.values(), "tour__company__slug", "start", "end")
_ROW_FIELDS += ("capacity", "booked", "status", *(f"tour__{name}" for name in _TOUR_FIELDS))
# Any slot id: reversed once per answer, then every row's link is the same text around its id.
_SOME_ID = 987654321


class _RowTour:
    """What booking.capacity reads of a tour, from a row."""

    __slots__ = _TOUR_FIELDS

    def __init__(self, row: dict) -> None:
        for name in _TOUR_FIELDS:
            setattr(self, name, row[f"tour__{name}"])

    @property
    def is_group(self) -> bool:
        return self.kind == Tour.Kind.GROUP


class _RowSlot:
    """What booking.capacity reads of a slot, from a row (Slot.available as on the model)."""

    __slots__ = ("booked", "capacity", "start", "status", "tour")

    def __init__(self, row: dict, tour: _RowTour) -> None:
        self.tour = tour
        self.start, self.capacity = row["start"], row["capacity"]
        self.booked, self.status = row["booked"], row["status"]

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)


def _iso(value: datetime, zone) -> str:
    """DRF's DateTimeField output (SlotOutput's): the instant in the current time zone, ISO
    8601, "Z" for UTC."""
    try:
        text = value.astimezone(zone).isoformat()
    except OverflowError:  # as DRF would refuse it
        return serializers.DateTimeField().to_representation(value)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def listed_slots(rows, *, request: Request, now: datetime) -> list[dict]:
    """SlotOutput's answer for each row of `_ROW_FIELDS`, at the instant `now`."""
    language = active_language()
    own, danish = _TITLES.get(language, _TITLES[FALLBACK_LANGUAGE]), _TITLES[FALLBACK_LANGUAGE]
    zone = timezone.get_current_timezone()
    link = absolute({"request": request}, reverse("booking:book", args=[_SOME_ID]))
    head, tail = link.split(str(_SOME_ID))
    tours: dict[int, _RowTour] = {}
    answer = []
    for row in rows:
        tour = tours.get(row["tour_id"]) or tours.setdefault(row["tour_id"], _RowTour(row))
        slot = _RowSlot(row, tour)
        available = capacity.places_bookable(slot, now=now)
        answer.append(
            {
                "id": row["id"],
                "tour": row["tour_id"],
                "tour_title": row[own] or row[danish] or "",
                "company": row["tour__company__slug"],
                "start": _iso(row["start"], zone),
                "end": _iso(row["end"], zone),
                "capacity": row["capacity"],
                "available": available,
                "status": row["status"],
                "bookable": capacity.is_bookable(slot, now=now),
                "booking_closes_at": _iso(capacity.booking_closes_at(slot), zone),
                "book_url": f"{head}{row['id']}{tail}",
            }
        )
    return answer


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
        help_text=_("Only slots with at least this many places a visitor could book now."),
    )
    # "true" or "false", nothing else: a boolean filter would read "null" or "1" as a guess.
    bookable = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_bookable",
        help_text=_("true: only slots that can be booked now; false: only those that cannot."),
    )
    kind = django_filters.ChoiceFilter(field_name="tour__kind", choices=Tour.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Slot.Status.choices)

    class Meta:
        model = Slot
        fields = ["tour", "company", "kind", "min_available", "bookable", "status"]

    def filter_bookable(self, queryset: QuerySet[Slot], name: str, value: str) -> QuerySet[Slot]:
        # The SQL twin of capacity.is_bookable: a bookable slot has places for a party.
        if value == "true":
            return queryset.filter(available_places__gt=0)
        return queryset.filter(available_places=0)


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


# The filters that read `available_places` (capacity.available_places, the rule in SQL).
_ANNOTATED_FILTERS = {"min_available", "bookable"}


def _quick_filter(queryset: QuerySet[Slot], data) -> QuerySet[Slot] | None:
    """`queryset` filtered as SlotFilter would by the query's values, or None when any value
    asked for needs the FilterSet (blank, not clean, or a filter with its own method)."""
    for name, filter_ in SlotFilter.base_filters.items():
        raw = data.get(name)
        if raw is None:
            continue
        if not raw.strip() or filter_.method is not None:
            return None
        try:
            value = filter_.field.clean(raw)
        except ValidationError:
            return None
        queryset = filter_.filter(queryset, value)
    return queryset


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
        description="Only slots with at least this many places a visitor could book now.",
    ),
    OpenApiParameter(
        "bookable",
        {"type": "string", "enum": ["true", "false"]},
        description="true: only slots that can be booked now (the same rule as `bookable`).",
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

    @cached_property
    def now(self) -> datetime:
        """One instant for the whole request: the list's filter and every row's answer."""
        return timezone.now()

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": self.now}

    def list(self, request: Request, *args, **kwargs) -> Response:
        """The same filters, pagination and answer as ModelViewSet's list, built from rows
        (listed_slots) instead of model instances and SlotOutput."""
        slots = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(slots.values(*_ROW_FIELDS))
        return self.get_paginated_response(listed_slots(page, request=request, now=self.now))

    def filter_queryset(self, queryset: QuerySet[Slot]) -> QuerySet[Slot]:
        """SlotFilter's filtering, without building a FilterSet and its form when every value
        asked for cleans: each filter's own field and lookup, as the FilterSet would apply
        them. Anything else (a value that does not clean, a blank one, a filter with its own
        method) goes through the FilterSet, which answers as it always has."""
        quick = _quick_filter(queryset, self.request.query_params)
        return super().filter_queryset(queryset) if quick is None else quick

    def get_queryset(self) -> QuerySet[Slot]:
        slots = (
            Slot.objects.filter(tour__published=True)
            .select_related("tour", "tour__company")
            .order_by("start", "pk")
        )
        if self.action != "list" or _ANNOTATED_FILTERS & self.request.query_params.keys():
            # Only these filters read the rule in SQL; resolving it costs ~2 ms of CPU.
            slots = slots.annotate(available_places=capacity.available_places(self.now))
        if self.action == "list" and not self.request.query_params.get("from"):
            slots = slots.filter(start__gte=self.now)
        return slots
