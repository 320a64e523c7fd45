from django.urls import path

from tours import views

app_name = "tours"
urlpatterns = [
    path("", views.home, name="home"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("tours/<int:pk>/", views.tour_detail, name="tour"),
]
