"""Public URLs of the vacancies app, under /vacancies/."""

from django.urls import path

from . import views
from .feeds import OpenVacanciesFeed

app_name = "vacancies"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path(
        "feed/",
        views.served_from_cache("feed", "application/atom+xml; charset=utf-8")(OpenVacanciesFeed()),
        name="feed",
    ),
    path("<str:reference>/", views.vacancy_detail, name="detail"),
]
