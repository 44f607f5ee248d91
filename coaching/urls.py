"""URLs of the coaching app (filled in by its feature issue)."""

app_name = "coaching"
urlpatterns: list = []
