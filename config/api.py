"""The partner API, mounted at /api/ outside the language prefixes: a partner's integration
must not change address with the language. The language of messages follows the request's
Accept-Language header (LocaleMiddleware).

/api/v1/...    the versioned API (a breaking change would get /api/v2/)
/api/schema/   the OpenAPI 3 schema (YAML; ?format=json for JSON)
/api/docs/     interactive documentation, served from our own static files (its start-up
               script from /api/docs/?script, so the page needs no inline script)
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from booking.api import slots as slot_views
from booking.api import views as booking_views
from core.api.errors import api_not_found
from events.api import views as event_views
from tours.api import views as tour_views
from workspace.api import views as staff_views

router = SimpleRouter()
router.register("companies", tour_views.CompanyViewSet, basename="company")
router.register("tours", tour_views.TourViewSet, basename="tour")
router.register("slots", slot_views.SlotViewSet, basename="slot")
router.register("events", event_views.EventViewSet, basename="event")
# Staff of member companies, with an API token (docs/api.md, "Staff endpoints").
router.register("staff/tours", staff_views.StaffTourViewSet, basename="staff-tour")
router.register("staff/slots", staff_views.StaffSlotViewSet, basename="staff-slot")
router.register("staff/bookings", staff_views.StaffBookingViewSet, basename="staff-booking")

REFERENCE = "<str:reference>"

v1 = [
    *router.urls,
    path("bookings/", booking_views.BookingCreateView.as_view(), name="booking-list"),
    path(
        f"bookings/{REFERENCE}/", booking_views.BookingDetailView.as_view(), name="booking-detail"
    ),
    path(
        f"bookings/{REFERENCE}/cancel/",
        booking_views.BookingCancelView.as_view(),
        name="booking-cancel",
    ),
    path(
        f"bookings/{REFERENCE}/calendar.ics",
        booking_views.booking_calendar_view,
        name="booking-calendar",
    ),
]

app_name = "api"
urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ answers 404 in the API's error shape, not as an HTML page.
    re_path(r"^[\s\S]*$", api_not_found),  # [\s\S], not ".": also an encoded newline
]
