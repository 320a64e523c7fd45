"""/octo/...: the OCTO supplier API, outside the language prefixes (the language of messages
follows Accept-Language). OCTO's paths have no trailing slash; we answer both forms."""

from django.urls import re_path

from octo import views

app_name = "octo"

UUID = r"(?P<uuid>[^/]{1,100})"

urlpatterns = [
    re_path(r"^supplier/?$", views.SupplierView.as_view(), name="supplier"),
    re_path(r"^capabilities/?$", views.CapabilityListView.as_view(), name="capabilities"),
    re_path(r"^products/?$", views.ProductListView.as_view(), name="products"),
    re_path(
        r"^products/(?P<product_id>[^/]{1,50})/?$",
        views.ProductDetailView.as_view(),
        name="product",
    ),
    re_path(r"^availability/?$", views.AvailabilityView.as_view(), name="availability"),
    re_path(
        r"^availability/calendar/?$",
        views.AvailabilityCalendarView.as_view(),
        name="availability-calendar",
    ),
    re_path(r"^bookings/?$", views.BookingListView.as_view(), name="bookings"),
    re_path(rf"^bookings/{UUID}/?$", views.BookingDetailView.as_view(), name="booking"),
    re_path(rf"^bookings/{UUID}/confirm/?$", views.BookingConfirmView.as_view(), name="confirm"),
    re_path(rf"^bookings/{UUID}/extend/?$", views.BookingExtendView.as_view(), name="extend"),
    re_path(rf"^bookings/{UUID}/cancel/?$", views.BookingCancelView.as_view(), name="cancel"),
    re_path(r"^[\s\S]*$", views.not_found),  # [\s\S], not ".": also an encoded newline
]
