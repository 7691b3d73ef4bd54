"""Public URLs of the vetting app."""

app_name = "vetting"
urlpatterns: list = []
