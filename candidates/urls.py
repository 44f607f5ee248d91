"""URLs of the candidates app (filled in by its feature issue)."""

app_name = "candidates"
urlpatterns: list = []
