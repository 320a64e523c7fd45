from django.urls import path

from booking import views

app_name = "booking"
urlpatterns = [
    path("book/<int:slot_id>/", views.book, name="book"),
    path("book/<int:slot_id>/waitlist/", views.waitlist_join, name="waitlist_join"),
    path("find-my-booking/", views.lost_link, name="lost_link"),
    path("booking/<token:token>/", views.manage, name="manage"),
    path("booking/<token:token>/calendar.ics", views.booking_calendar, name="calendar"),
    path("booking/<token:token>/cancel/", views.manage_cancel, name="cancel"),
    path("booking/<token:token>/people/", views.manage_resize, name="resize"),
    path("booking/<token:token>/move/", views.manage_move, name="move"),
    path("booking/<token:token>/erase/", views.manage_erase, name="erase"),
    path("data-erased/", views.erased, name="erased"),
    path("waitlist/<token:token>/", views.waitlist_detail, name="waitlist"),
    path("waitlist/<token:token>/accept/", views.waitlist_accept, name="waitlist_accept"),
    path("waitlist/<token:token>/leave/", views.waitlist_leave, name="waitlist_leave"),
]
