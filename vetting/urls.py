"""Public URLs of the vetting app: the eligibility self-check, mounted at /eligibility/."""

from django.urls import path

from . import views

app_name = "vetting"
urlpatterns = [
    path("", views.start, name="start"),
    path("job/", views.choose, name="choose"),
    path("places/", views.periods, name="periods"),
    path("places/add/", views.period_add, name="period_add"),
    path("places/<int:index>/change/", views.period_change, name="period_change"),
    path("places/<int:index>/remove/", views.period_remove, name="period_remove"),
    path("clearance/", views.clearance, name="clearance"),
    path("clearance/details/", views.clearance_details, name="clearance_details"),
    path("result/", views.result, name="result"),
    path("start-again/", views.start_again, name="start_again"),
]
