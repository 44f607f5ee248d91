from django.urls import path

from . import views

app_name = "workbook"

urlpatterns = [
    path("", views.start, name="start"),
    path("sjabloon/", views.template, name="template"),
    path("export/", views.export, name="export"),
    path("<uuid:pk>/", views.upload_detail, name="upload"),
    path("<uuid:pk>/indeling/", views.upload_columns, name="columns"),
    path("<uuid:pk>/waarden/", views.upload_values, name="values"),
    path("<uuid:pk>/controleren/", views.upload_check, name="check"),
    path("<uuid:pk>/inlezen/", views.upload_confirm, name="confirm"),
    path("<uuid:pk>/weggooien/", views.upload_delete, name="delete"),
]
