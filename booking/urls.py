from django.urls import path

from booking import views

app_name = "booking"
urlpatterns = [
    path("book/<int:slot_id>/", views.book, name="book"),
    path("book/<int:slot_id>/waitlist/", views.waitlist_join, name="waitlist_join"),
    path("find-my-booking/", views.lost_link, name="lost_link"),
    path("booking/<str:token>/", views.manage, name="manage"),
    path("booking/<str:token>/calendar.ics", views.booking_calendar, name="calendar"),
    path("booking/<str:token>/cancel/", views.manage_cancel, name="cancel"),
    path("booking/<str:token>/people/", views.manage_resize, name="resize"),
    path("booking/<str:token>/move/", views.manage_move, name="move"),
    path("waitlist/<str:token>/", views.waitlist_detail, name="waitlist"),
    path("waitlist/<str:token>/accept/", views.waitlist_accept, name="waitlist_accept"),
    path("waitlist/<str:token>/leave/", views.waitlist_leave, name="waitlist_leave"),
]
