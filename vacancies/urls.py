"""Public URLs of the vacancies app."""

app_name = "vacancies"
urlpatterns: list = []
