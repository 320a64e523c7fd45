from django.urls import path

from widget import views

app_name = "widget"
urlpatterns = [
    path("", views.departures, name="cluster"),
    path("book/<int:slot_id>/", views.book, name="book"),
    path("<slug:slug>/", views.departures, name="company"),
]
