from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/organise/", views.organiser_list, name="organiser_list"),
    path("events/organise/new/", views.event_create, name="create"),
    path("events/organise/<int:pk>/", views.event_organise, name="organise"),
    path("events/organise/<int:pk>/edit/", views.event_edit, name="edit"),
    path("events/organise/<int:pk>/programme/", views.programme_edit, name="programme"),
    path("events/organise/<int:pk>/publish/", views.event_publish, name="publish"),
    path("events/organise/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("events/host/<token:token>/", views.host_answer, name="host"),
    path("events/registration/<token:token>/", views.registration_detail, name="registration"),
    path(
        "events/registration/<token:token>/invitation.ics",
        views.registration_ics,
        name="registration_ics",
    ),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/event.ics", views.event_feed, name="feed"),
]
