"""Staff pages outside the admin: finishing an account from its invitation link."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path(
        "account-set-up/<uidb64>/<token>/",
        views.StaffSetPasswordView.as_view(),
        name="set_password",
    ),
    path("account-set-up/done/", views.set_password_done, name="set_password_done"),
]
