"""Public URLs of the mailing_list app (all under /register-interest/)."""

from django.urls import path

from . import views

app_name = "mailing_list"
urlpatterns = [
    path("register-interest/", views.register_interest, name="register"),
    path("register-interest/check-your-email/", views.check_email, name="check_email"),
    path("register-interest/confirm/<str:token>/", views.confirm, name="confirm"),
    path("register-interest/manage/<str:token>/", views.manage, name="manage"),
    path("register-interest/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("register-interest/keep/<str:token>/", views.keep, name="keep"),
]
