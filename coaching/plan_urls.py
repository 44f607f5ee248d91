"""The participant's plan, under /kandidaten/<id>/plan/."""

from django.urls import path

from . import plan_views as views

app_name = "plan"

urlpatterns = [
    path("", views.plan, name="detail"),
    path("afdrukken/", views.plan_print, name="print"),
    path("doel/nieuw/", views.goal_add, name="goal_add"),
    path("doel/<int:goal_pk>/stand/", views.goal_status, name="goal_status"),
    path("doel/<int:goal_pk>/actie/nieuw/", views.action_add, name="action_add"),
    path("actie/<int:action_pk>/stand/", views.action_status, name="action_status"),
    path("besproken/", views.review_add, name="review_add"),
]
