"""URLs of the placements app (filled in by its feature issue)."""

app_name = "placements"
urlpatterns: list = []
