from django.urls import path

from bench.views import floor_book

urlpatterns = [path("floor/book", floor_book)]
