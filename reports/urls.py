"""/admin/reports/: the report pages, behind the admin site's sign-in and two factors."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", admin.site.admin_view(views.reports_index), name="index"),
    path("funnel/", admin.site.admin_view(views.funnel_report), name="funnel"),
    path("diversity/", admin.site.admin_view(views.diversity_report), name="diversity"),
    path(
        "<str:report>/export/",
        admin.site.admin_view(views.export_report),
        name="export",
    ),
]
