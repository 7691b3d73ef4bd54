"""Staff pages outside the admin: setting a password from an invitation link."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path(
        "set-password/<uidb64>/<token>/",
        views.StaffSetPasswordView.as_view(),
        name="set_password",
    ),
    path("set-password/done/", views.set_password_done, name="set_password_done"),
]
