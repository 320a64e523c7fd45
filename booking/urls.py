from django.urls import path

from booking import views

app_name = "booking"
urlpatterns = [
    path("book/<int:slot_id>/", views.book, name="book"),
    path("booking/<str:token>/", views.manage, name="manage"),
    path("booking/<str:token>/calendar.ics", views.booking_calendar, name="calendar"),
]
