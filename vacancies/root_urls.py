"""Site-root files the vacancies app serves: /robots.txt and /sitemap.xml."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        views.served_from_cache("sitemap", "application/xml")(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
