"""The candidate's offer and questionnaire pages, beside their application's page."""

from django.urls import path

from . import views

app_name = "offers"

_ONE = "your-applications/<int:pk>/"
urlpatterns = [
    path(_ONE + "offer/", views.offer, name="offer"),
    path(_ONE + "offer/decline/", views.decline, name="decline"),
    path(_ONE + "medical-questionnaire/", views.medical, name="medical"),
]
