"""The staff API: a company's tours, departures and bookings, for its own tools.

Authentication is a personal API token (header `Authorization: Token <key>`, see
docs/api.md); the rules are the workspace's. Every queryset starts from workspace.access, so
another company's tour, slot or booking is a 404 whatever id is tried; coordinators see all.
Writes go through the same services as the workspace pages: slots through
booking.slot_services, bookings through booking.services.
"""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from booking import capacity, checkin, services, slot_services, waitlist
from booking.api.slots import SLOT_LIST_PARAMETERS, SlotFilter
from booking.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, Booking, normalize_reference
from core.api.errors import ErrorOutput
from core.api.language import AcceptLanguageMixin
from core.api.pagination import ApiPagination
from core.api.views import ID_PARAMETER, ID_PATTERN
from tours.models import Company, Slot, Tour
from workspace import access
from workspace.api.auth import ApiKeyAuthentication
from workspace.api.serializers import (
    FORM_FIELDS,
    CheckInInput,
    SlotCapacityInput,
    SlotCreateInput,
    StaffBookingOutput,
    StaffSlotOutput,
    StaffTourOutput,
    TourInput,
)
from workspace.forms import TourForm

TAGS = ["staff"]
CONFLICT = OpenApiResponse(ErrorOutput, description="Refused by the slot's or booking's state.")


class HasWorkspace(BasePermission):
    """A member of a company, or a coordinator; any other account gets 403."""

    def has_permission(self, request: Request, view) -> bool:
        return access.has_workspace(request.user)


class StaffViewSet(AcceptLanguageMixin, viewsets.GenericViewSet):
    # Token only: no session, so no CSRF and no cookies; the first class's `Token` challenge
    # makes an anonymous request a 401 (not a 403).
    authentication_classes = (ApiKeyAuthentication,)
    permission_classes = (IsAuthenticated, HasWorkspace)
    pagination_class = ApiPagination
    lookup_value_regex = ID_PATTERN


# --- Tours --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Your companies' tours (published or not)", tags=TAGS),
    retrieve=extend_schema(summary="One of your tours", tags=TAGS, parameters=[ID_PARAMETER]),
    create=extend_schema(
        summary="Create a tour",
        tags=TAGS,
        request=TourInput,
        responses={201: StaffTourOutput},
    ),
    partial_update=extend_schema(
        summary="Change a tour (any subset of its fields)",
        tags=TAGS,
        parameters=[ID_PARAMETER],
        request=TourInput,
        responses={200: StaffTourOutput},
    ),
)
class StaffTourViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StaffViewSet):
    serializer_class = StaffTourOutput
    http_method_names = ["get", "post", "patch", "head"]

    def get_queryset(self) -> QuerySet[Tour]:
        return access.tours_for(self.request.user).order_by("company__name", "title", "pk")

    def create(self, request: Request) -> Response:
        data = TourInput(data=request.data)
        data.is_valid(raise_exception=True)
        company = self._company(data.validated_data.get("company"))
        tour = _save_tour(data, Tour(company=company), Company.objects.filter(pk=company.pk))
        return Response(self._output(tour), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        tour = self.get_object()
        data = TourInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "company" in data.validated_data:
            raise ValidationError({"company": [_("A tour cannot move to another company.")]})
        tour = _save_tour(data, tour, access.companies_for(request.user))
        return Response(self._output(tour))

    def _company(self, slug: str | None) -> Company:
        """The company a new tour is for: the one named (among the user's), or the user's
        only one."""
        companies = access.companies_for(self.request.user).order_by("pk")
        if slug is not None:
            company = companies.filter(slug=slug).first()
            if company is None:
                raise ValidationError({"company": [_("You do not work for this company.")]})
            return company
        first_two = list(companies[:2])
        if len(first_two) != 1:
            raise ValidationError({"company": [_("Say which company the tour is for.")]})
        return first_two[0]

    def _output(self, tour: Tour) -> dict:
        tour = self.get_queryset().get(pk=tour.pk)
        return StaffTourOutput(tour, context=self.get_serializer_context()).data


def _save_tour(data: TourInput, tour: Tour, companies: QuerySet[Company]) -> Tour:
    """Saves through the workspace's TourForm, so the API and the pages share one set of
    rules; the form's errors come back under the API's field names."""
    form = TourForm(data=data.form_data(tour), instance=tour, companies=companies)
    if not form.is_valid():
        names = {form_name: name for name, (form_name, _read) in FORM_FIELDS.items()}
        errors = {
            names.get(field, field): list(messages) for field, messages in form.errors.items()
        }
        raise ValidationError(
            {"non_field_errors" if k == "__all__" else k: v for k, v in errors.items()}
        )
    return form.save()


# --- Slots --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Your companies' departures",
        description="Without `from`, only departures that have not started yet.",
        tags=TAGS,
        parameters=SLOT_LIST_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One of your departures", tags=TAGS, parameters=[ID_PARAMETER]),
    create=extend_schema(
        summary="Open a departure of one of your tours",
        tags=TAGS,
        request=SlotCreateInput,
        responses={201: StaffSlotOutput, 409: CONFLICT},
    ),
    partial_update=extend_schema(
        summary="Change a departure's capacity",
        description="Raising it offers the new places to the waiting list, in order.",
        tags=TAGS,
        parameters=[ID_PARAMETER],
        request=SlotCapacityInput,
        responses={200: StaffSlotOutput, 409: CONFLICT},
    ),
)
class StaffSlotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StaffViewSet):
    serializer_class = StaffSlotOutput
    filter_backends = (DjangoFilterBackend,)
    filterset_class = SlotFilter
    http_method_names = ["get", "post", "patch", "head"]

    @cached_property
    def now(self) -> datetime:
        """One instant for the whole request: the list's filter and every row's answer."""
        return timezone.now()

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": self.now}

    def get_queryset(self) -> QuerySet[Slot]:
        slots = (
            access.slots_for(self.request.user)
            .annotate(
                available_places=capacity.available_places(self.now),
                confirmed_bookings=Count(
                    "bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)
                ),
            )
            .order_by("start", "pk")
        )
        if self.action == "list" and not self.request.query_params.get("from"):
            slots = slots.filter(start__gte=self.now)
        return slots

    def create(self, request: Request) -> Response:
        data = SlotCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        tour = access.tours_for(request.user).filter(pk=data.validated_data["tour"]).first()
        if tour is None:
            raise ValidationError({"tour": [_("No such tour among yours.")]})
        slot = slot_services.slot_create(
            tour=tour, start=data.validated_data["start"], capacity=data.validated_data["capacity"]
        )
        return Response(self._output(slot), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        slot = self.get_object()
        data = SlotCapacityInput(data=request.data)
        data.is_valid(raise_exception=True)
        if "capacity" in data.validated_data:
            capacity = data.validated_data["capacity"]
            slot_services.slot_set_capacity(slot_id=slot.pk, capacity=capacity)
            waitlist.waitlist_offer_next(slot_id=slot.pk)
        return Response(self._output(slot))

    @extend_schema(
        summary="Close a departure to new bookings (existing ones stand)",
        tags=TAGS,
        request=None,
        parameters=[ID_PARAMETER],
        responses={200: StaffSlotOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        slot = self.get_object()
        slot_services.slot_close(slot_id=slot.pk)
        return Response(self._output(slot))

    @extend_schema(
        summary="Open a closed departure to bookings again",
        tags=TAGS,
        request=None,
        parameters=[ID_PARAMETER],
        responses={200: StaffSlotOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        slot = self.get_object()
        slot_services.slot_reopen(slot_id=slot.pk)
        return Response(self._output(slot))

    @extend_schema(
        summary="Cancel a departure and all its bookings (every visitor is told)",
        tags=TAGS,
        request=None,
        parameters=[ID_PARAMETER],
        responses={200: StaffSlotOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        slot = self.get_object()
        slot_services.slot_cancel(slot_id=slot.pk)
        return Response(self._output(slot))

    @extend_schema(
        summary="A departure's bookings, with the visitors' details",
        tags=TAGS,
        parameters=[ID_PARAMETER],
        responses={200: StaffBookingOutput(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=(), pagination_class=ApiPagination)
    def bookings(self, request: Request, pk: str) -> Response:
        slot = self.get_object()
        bookings = (
            access.bookings_for(request.user).filter(slot_id=slot.pk).order_by("created", "pk")
        )
        page = self.paginate_queryset(bookings)
        return self.get_paginated_response(StaffBookingOutput(page, many=True).data)

    def _output(self, slot: Slot) -> dict:
        slot = self.get_queryset().get(pk=slot.pk)
        return StaffSlotOutput(slot, context=self.get_serializer_context()).data


# --- Bookings -----------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(summary="One booking on your departures", tags=TAGS),
)
class StaffBookingViewSet(mixins.RetrieveModelMixin, StaffViewSet):
    serializer_class = StaffBookingOutput
    lookup_field = "reference"
    # Case and the hyphen of the spoken form (K7MQ-4PX9) are forgiven, as on the web.
    lookup_value_regex = r"[-A-Za-z0-9]{1,20}"

    def get_queryset(self) -> QuerySet[Booking]:
        return access.bookings_for(self.request.user).order_by("pk")

    def get_object(self) -> Booking:
        reference = normalize_reference(self.kwargs["reference"])
        if len(reference) != REFERENCE_LENGTH or set(reference) - set(REFERENCE_ALPHABET):
            raise NotFound()
        self.kwargs["reference"] = reference
        return super().get_object()

    @extend_schema(
        summary="Cancel a booking (staff may cancel at any time; the visitor is told)",
        tags=TAGS,
        request=None,
        responses={200: StaffBookingOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, reference: str) -> Response:
        booking = services.booking_cancel(booking=self.get_object())
        return Response(StaffBookingOutput(booking).data)

    # --- Arrival: only the company's own staff (not the coordinator: a 404 for them too) ---

    def _arrival_booking(self) -> Booking:
        booking = self.get_object()
        if not access.bookings_to_check_in(self.request.user).filter(pk=booking.pk).exists():
            raise NotFound()
        return booking

    @extend_schema(
        summary="Check the party in (all of it, or `arrived` of it), on the day of the visit",
        tags=TAGS,
        request=CheckInInput,
        responses={200: StaffBookingOutput, 400: ErrorOutput, 404: ErrorOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, reference: str) -> Response:
        booking = self._arrival_booking()
        data = CheckInInput(data=request.data)
        data.is_valid(raise_exception=True)
        done = checkin.booking_check_in(
            booking_id=booking.pk, arrived=data.validated_data.get("arrived"), by=request.user
        )
        return Response(StaffBookingOutput(done).data)

    @extend_schema(
        summary="Undo the check-in",
        tags=TAGS,
        request=None,
        responses={200: StaffBookingOutput, 404: ErrorOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="check-in/undo")
    def check_in_undo(self, request: Request, reference: str) -> Response:
        done = checkin.booking_check_in_undo(booking_id=self._arrival_booking().pk)
        return Response(StaffBookingOutput(done).data)

    @extend_schema(
        summary="Mark the party as not come (from 15 minutes after the start)",
        tags=TAGS,
        request=None,
        responses={200: StaffBookingOutput, 404: ErrorOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, reference: str) -> Response:
        done = checkin.booking_mark_no_show(booking_id=self._arrival_booking().pk)
        return Response(StaffBookingOutput(done).data)

    @extend_schema(
        summary="Remove the no-show mark",
        tags=TAGS,
        request=None,
        responses={200: StaffBookingOutput, 404: ErrorOutput, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="no-show/undo")
    def no_show_undo(self, request: Request, reference: str) -> Response:
        done = checkin.booking_no_show_undo(booking_id=self._arrival_booking().pk)
        return Response(StaffBookingOutput(done).data)
