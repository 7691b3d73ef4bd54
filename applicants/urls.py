"""Public URLs of the applicants app."""

app_name = "applicants"
urlpatterns: list = []
