"""The OCTO endpoints (docs/octo.md). Each view checks the shape (octo.api), calls the flow
(octo.sales, octo.catalogue) and renders (octo.presenters)."""

from datetime import date

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response

from booking.models import normalize_reference
from core.api.language import activate_request_language
from octo import catalogue, errors, presenters, sales
from octo.api import (
    AvailabilityQuery,
    CancellationInput,
    ConfirmationInput,
    ExtendInput,
    OctoView,
    ReservationInput,
)

MAX_BOOKINGS_LISTED = 500


class SupplierView(OctoView):
    def get(self, request):
        return Response(presenters.supplier())


class CapabilityListView(OctoView):
    """GET /capabilities: the optional capabilities this supplier implements."""

    def get(self, request):
        return Response(presenters.capabilities())


class ProductListView(OctoView):
    def get(self, request):
        tours = list(catalogue.products())
        times = catalogue.start_times(tours, now=timezone.now())
        return Response(
            [presenters.product(tour, times[tour.pk], pricing=self.pricing) for tour in tours]
        )


class ProductDetailView(OctoView):
    def get(self, request, product_id: str):
        tour = catalogue.product(product_id)
        times = catalogue.start_times([tour], now=timezone.now())
        return Response(presenters.product(tour, times[tour.pk], pricing=self.pricing))


def _party_size(query: dict) -> int | None:
    units = query.get("units") or []
    catalogue.check_units([unit["id"] for unit in units])
    return sum(unit["quantity"] for unit in units) or None


def _days(query: dict, *, need: bool) -> tuple[date, date] | None:
    if query.get("localDate"):
        return query["localDate"], query["localDate"]
    if query.get("localDateStart") and query.get("localDateEnd"):
        first, last = query["localDateStart"], query["localDateEnd"]
        catalogue.check_range(first, last)
        return first, last
    if need:
        raise errors.bad_request(_("Send localDate, or localDateStart and localDateEnd."))
    return None


class AvailabilityView(OctoView):
    """POST /availability: one Availability per departure, by day(s) or by ids."""

    def post(self, request):
        query = self.body(AvailabilityQuery)
        tour = catalogue.product(query["productId"])
        catalogue.check_option(query["optionId"])
        party_size = _party_size(query)
        now = timezone.now()
        days = _days(query, need=not query.get("availabilityIds"))
        if days is not None:
            slots = catalogue.slots_between(tour, *days)
        else:
            slots = [catalogue.slot_for(tour, value) for value in query["availabilityIds"]]
        return Response(
            [
                catalogue.availability(slot, now=now, party_size=party_size, pricing=self.pricing)
                for slot in slots
            ]
        )


class AvailabilityCalendarView(OctoView):
    """POST /availability/calendar: one entry per local day of the range."""

    def post(self, request):
        query = self.body(AvailabilityQuery)
        tour = catalogue.product(query["productId"])
        catalogue.check_option(query["optionId"])
        party_size = _party_size(query)
        first, last = _days(query, need=True)
        slots = catalogue.slots_between(tour, first, last)
        days = catalogue.calendar(
            slots,
            first,
            last,
            now=timezone.now(),
            party_size=party_size,
            pricing_of=tour if self.pricing else None,
        )
        return Response(days)


class OctoBookingView(OctoView):
    def render(self, octo) -> Response:
        return Response(presenters.booking(octo, now=timezone.now(), pricing=self.pricing))


class BookingListView(OctoBookingView):
    """POST /bookings reserves; GET /bookings lists the reseller's bookings by one filter."""

    def post(self, request):
        data = self.body(ReservationInput)
        contact = data.get("contact") or {}
        octo = sales.reserve(
            reseller=self.reseller,
            product_id=data["productId"],
            option_id=data["optionId"],
            availability_id=data["availabilityId"],
            unit_items=data["unitItems"],
            uuid=data.get("uuid"),
            minutes=data.get("expirationMinutes"),
            notes=data.get("notes") or "",
            reseller_reference=data.get("resellerReference") or "",
            locales=contact.get("locales"),
        )
        return self.render(octo)

    def get(self, request):
        bookings = sales.octo_bookings(self.reseller)
        params = request.query_params
        filtered = False
        if params.get("resellerReference"):
            bookings = bookings.filter(booking__reseller_reference=params["resellerReference"])
            filtered = True
        if params.get("supplierReference"):
            reference = normalize_reference(params["supplierReference"])
            bookings = bookings.filter(booking__reference=reference)
            filtered = True
        if params.get("productId"):
            tour = catalogue.product(params["productId"])
            bookings = bookings.filter(booking__slot__tour=tour)
            filtered = True
        if params.get("optionId"):
            catalogue.check_option(params["optionId"])
        days = _days(_dates(params), need=False)
        if days is not None:
            start, end = catalogue.local_day_bounds(*days)
            bookings = bookings.filter(
                booking__slot__start__gte=start, booking__slot__start__lt=end
            )
            filtered = True
        if not filtered:
            raise errors.bad_request(
                _(
                    "Filter by resellerReference, supplierReference, productId, localDate, "
                    "or localDateStart and localDateEnd."
                )
            )
        listed = bookings.order_by("booking__slot__start", "pk")[:MAX_BOOKINGS_LISTED]
        now = timezone.now()
        return Response(
            [presenters.booking(octo, now=now, pricing=self.pricing) for octo in listed]
        )


def _dates(params) -> dict:
    """The query's dates, parsed; a malformed one is BAD_REQUEST."""
    parsed = {}
    for name in ("localDate", "localDateStart", "localDateEnd"):
        if params.get(name):
            try:
                parsed[name] = date.fromisoformat(params[name])
            except ValueError:
                raise errors.bad_request(
                    _("%(name)s must be a date, YYYY-MM-DD.") % {"name": name}
                ) from None
    return parsed


class BookingDetailView(OctoBookingView):
    def get(self, request, uuid: str):
        return self.render(sales.octo_booking(self.reseller, uuid))


class BookingConfirmView(OctoBookingView):
    def post(self, request, uuid: str):
        data = self.body(ConfirmationInput)
        octo = sales.octo_booking(self.reseller, uuid)
        octo = sales.confirm(
            octo=octo, contact=data["contact"], reseller_reference=data.get("resellerReference")
        )
        return self.render(octo)


class BookingExtendView(OctoBookingView):
    def post(self, request, uuid: str):
        data = self.body(ExtendInput)
        octo = sales.octo_booking(self.reseller, uuid)
        return self.render(sales.extend(octo=octo, minutes=data.get("expirationMinutes")))


class BookingCancelView(OctoBookingView):
    def post(self, request, uuid: str):
        data = self.body(CancellationInput)
        octo = sales.octo_booking(self.reseller, uuid)
        return self.render(sales.cancel(octo=octo, reason=data.get("reason") or ""))


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any other path under /octo/: OCTO's error shape, not an HTML page."""
    activate_request_language(request)
    body = errors.OctoError("BAD_REQUEST", _("There is no such endpoint.")).body()
    return JsonResponse(body, status=404)
