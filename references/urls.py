"""Public URLs of references: the referee's pages (by link) and the candidate's new referee."""

from django.urls import path

from . import views

app_name = "references"
urlpatterns = [
    # The token segment is masked in every log line (core/log_filters.py).
    path("give-a-reference/<str:token>/", views.give, name="give"),
    path("give-a-reference/<str:token>/cannot-give/", views.cannot_give, name="cannot_give"),
    path("give-a-reference/<str:token>/thank-you/", views.thanks, name="thanks"),
    path(
        "your-applications/<int:pk>/references/<int:request_pk>/new-referee/",
        views.new_referee,
        name="new_referee",
    ),
]
