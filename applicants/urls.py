"""Public URLs of the applicants app: candidate sign-in and sign-out."""

from django.urls import path

from . import views

app_name = "applicants"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/check-your-email/", views.check_email, name="check_email"),
    path("sign-in/<str:secret>/", views.use_link, name="use_link"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
