"""URLs of the finance app (filled in by its feature issue)."""

app_name = "finance"
urlpatterns: list = []
