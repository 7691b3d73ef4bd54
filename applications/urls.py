"""Public URLs of the applications app: the apply button's target and the candidate's pages."""

from django.urls import path

from . import views

app_name = "applications"

_ONE = "your-applications/<int:pk>/"
urlpatterns = [
    path("vacancies/<str:reference>/apply/", views.apply, name="apply"),
    path("your-applications/", views.your_applications, name="your_applications"),
    path(_ONE, views.overview, name="overview"),
    path(_ONE + "personal-details/", views.personal_details, name="personal_details"),
    path(_ONE + "where-you-have-lived/", views.residence, name="residence"),
    path(_ONE + "where-you-have-lived/add/", views.residence_row, name="residence_add"),
    path(_ONE + "where-you-have-lived/clearance/", views.clearance, name="clearance"),
    path(
        _ONE + "where-you-have-lived/clearance/details/",
        views.clearance_details,
        name="clearance_details",
    ),
    path(
        _ONE + "where-you-have-lived/<int:row>/change/",
        views.residence_row,
        name="residence_change",
    ),
    path(
        _ONE + "where-you-have-lived/<int:row>/remove/",
        views.row_remove,
        {"section": "where-you-have-lived"},
        name="residence_remove",
    ),
    path(_ONE + "employment-and-education/", views.employment, name="employment"),
    path(_ONE + "employment-and-education/add/", views.employment_row, name="employment_add"),
    path(
        _ONE + "employment-and-education/<int:row>/change/",
        views.employment_row,
        name="employment_change",
    ),
    path(
        _ONE + "employment-and-education/<int:row>/remove/",
        views.row_remove,
        {"section": "employment-and-education"},
        name="employment_remove",
    ),
    path(_ONE + "referees/", views.referees, name="referees"),
    path(_ONE + "referees/add/", views.referee_row, name="referee_add"),
    path(_ONE + "referees/<int:row>/change/", views.referee_row, name="referee_change"),
    path(
        _ONE + "referees/<int:row>/remove/",
        views.row_remove,
        {"section": "referees"},
        name="referee_remove",
    ),
    path(_ONE + "about-the-role/", views.questions, name="questions"),
    path(_ONE + "adjustments/", views.adjustments, name="adjustments"),
    path(_ONE + "equality-monitoring/", views.equality, name="equality"),
    path(_ONE + "declaration/", views.declaration, name="declaration"),
    path(_ONE + "check-your-answers/", views.check_answers, name="check"),
    path(_ONE + "submit/", views.submit, name="submit"),
    path(_ONE + "submitted/", views.submitted, name="submitted"),
    path(_ONE + "withdraw/", views.withdraw, name="withdraw"),
    path(_ONE + "withdrawn/", views.withdrawn, name="withdrawn"),
]
