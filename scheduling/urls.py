"""The candidate's booking pages, under their application's own address."""

from django.urls import path

from . import views

app_name = "scheduling"

_ROUND = "your-applications/<int:pk>/book/<str:round_>/"
urlpatterns = [
    path(_ROUND, views.book, name="book"),
    path(_ROUND + "booked/", views.booked, name="booked"),
    path(_ROUND + "cancel/", views.cancel, name="cancel"),
]
