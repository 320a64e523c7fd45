from django.urls import path

from dayplan import views

app_name = "dayplan"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("clear/", views.clear, name="clear"),
    path("keep/", views.keep, name="keep"),
    path("booked/", views.booked, name="booked"),
]
