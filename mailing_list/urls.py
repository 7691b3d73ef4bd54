"""Public URLs of the mailing_list app."""

app_name = "mailing_list"
urlpatterns: list = []
