from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/onderdeel/<slug:key>/", views.section_save, name="section"),
    path("<int:pk>/onderdelen/nieuw/", views.section_add, name="section_add"),
    path("<int:pk>/onderdeel/<slug:key>/verplaatsen/", views.section_move, name="section_move"),
    path("<int:pk>/onderdeel/<slug:key>/verwijderen/", views.section_remove, name="section_remove"),
    path("<int:pk>/voorbeeld/", views.preview, name="preview"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/definitief/", views.finalise, name="finalise"),
    path("<int:pk>/cijfers-vernieuwen/", views.figures_refresh, name="figures_refresh"),
]
