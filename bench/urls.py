from django.urls import path

from bench.views import floor_book, floor_slots

urlpatterns = [path("floor/book", floor_book), path("floor/slots", floor_slots)]
