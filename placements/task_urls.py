"""The task inventory, mounted at /taken/."""

from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("nieuw/", views.task_create, name="create"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_update, name="organisation_update"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/bewerken/", views.task_update, name="update"),
    path("<int:pk>/toets/", views.displacement_check_create, name="check"),
]
