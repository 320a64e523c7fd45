from django.urls import path

from catalogue import feeds, views

app_name = "catalogue"
urlpatterns = [
    path("", views.home, name="home"),
    path("visits/", views.visits, name="visits"),
    path("privacy/", views.privacy, name="privacy"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
    path("tours/<int:pk>/", views.tour_detail, name="tour"),
    path("calendar.ics", feeds.cluster_feed, name="feed"),
    path("companies/<slug:slug>/calendar.ics", feeds.company_feed, name="company_feed"),
    path("tours/<int:pk>/calendar.ics", feeds.tour_feed, name="tour_feed"),
]
