from django.urls import path

from workspace import (
    checkin_views,
    figures_views,
    pattern_views,
    personal_data_views,
    token_views,
    views,
    webhook_views,
    widget_views,
)

app_name = "workspace"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tours/", views.tour_list, name="tours"),
    path("tours/new/", views.tour_create, name="tour_create"),
    path("tours/<int:pk>/", views.tour_detail, name="tour"),
    path("tours/<int:pk>/edit/", views.tour_edit, name="tour_edit"),
    path("tours/<int:pk>/publish/", views.tour_publish, {"publish": True}, name="tour_publish"),
    path(
        "tours/<int:pk>/unpublish/", views.tour_publish, {"publish": False}, name="tour_unpublish"
    ),
    path("tours/<int:tour_pk>/patterns/new/", pattern_views.pattern_new, name="pattern_new"),
    path("patterns/<int:pk>/", pattern_views.pattern_edit, name="pattern"),
    path("slots/<int:pk>/", views.slot_detail, name="slot"),
    path("slots/<int:pk>/capacity/", views.slot_capacity, name="slot_capacity"),
    path("slots/<int:pk>/close/", views.slot_status, {"action": "close"}, name="slot_close"),
    path("slots/<int:pk>/reopen/", views.slot_status, {"action": "reopen"}, name="slot_reopen"),
    path("slots/<int:pk>/cancel/", views.slot_cancel, name="slot_cancel"),
    path("slots/<int:pk>/move/", views.slot_move, name="slot_move"),
    path("slots/<int:pk>/book/", views.slot_book, name="slot_book"),
    path("phone/", views.phone_booking, name="phone_booking"),
    path("slots/<int:pk>/print/", views.slot_print, name="slot_print"),
    path("slots/<int:pk>/visitors.csv", views.slot_csv, name="slot_csv"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/change/", views.booking_change, name="booking_change"),
    path("stops/<int:pk>/accept/", views.stop_answer, {"accept": True}, name="stop_accept"),
    path("stops/<int:pk>/decline/", views.stop_answer, {"accept": False}, name="stop_decline"),
    path("day/", views.today, name="today"),
    path("day/<str:day>/", views.day_visitors, name="day"),
    path("day/<str:day>/print/", views.day_visitors, {"printable": True}, name="day_print"),
    path("day/<str:day>/visitors.csv", views.day_csv, name="day_csv"),
    path("arrivals/", checkin_views.arrivals_today, name="arrivals"),
    path("arrivals/<str:day>/", checkin_views.arrivals, name="arrivals_day"),
    path("arrivals/booking/<int:pk>/", checkin_views.arrival_action, name="arrival_action"),
    path("figures/", figures_views.figures, name="figures"),
    path("webhooks/", webhook_views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", webhook_views.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/rotate/", webhook_views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/switch/", webhook_views.webhook_toggle, name="webhook_toggle"),
    path(
        "webhooks/deliveries/<int:pk>/send-again/",
        webhook_views.webhook_resend,
        name="webhook_resend",
    ),
    path("figures/figures.csv", figures_views.figures_export, {"fmt": "csv"}, name="figures_csv"),
    path(
        "figures/figures.xlsx", figures_views.figures_export, {"fmt": "xlsx"}, name="figures_xlsx"
    ),
    path("companies/", views.company_list, name="companies"),
    path("companies/<slug:slug>/edit/", views.company_edit, name="company_edit"),
    path("companies/<slug:slug>/widget/", widget_views.company_widget, name="company_widget"),
    path("api-token/", token_views.api_token, name="api_token"),
    path("personal-data/", personal_data_views.personal_data_page, name="personal_data"),
]
