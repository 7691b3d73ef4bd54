"""Service-wide URLs."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("csp-report/", views.csp_report, name="csp_report"),
]
