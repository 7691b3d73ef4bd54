"""Root URL configuration: each app mounts its own urls.py."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", include("core.urls")),
    path("vacancies/", include("vacancies.urls")),
    path("", include("vacancies.root_urls")),  # robots.txt, sitemap.xml
    path("eligibility/", include("vetting.urls")),
    path("", include("mailing_list.urls")),
    path("", include("applicants.urls")),
    path("", include("applications.urls")),
    path("", include("offers.urls")),
    path("", include("references.urls")),
    path("", include("scheduling.urls")),
    path("staff/", include("accounts.urls")),
    # Before the admin: /admin/reports/ is the reports' own index (reports/urls.py).
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK_BASELINE_VIEW:
    urlpatterns.append(path("__bench__/hello", core_views.bench_baseline))

handler400 = "core.views.bad_request"
handler403 = "accounts.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
