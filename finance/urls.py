from django.urls import path
from django.utils.translation import gettext_lazy as _

from basisbaan.reference import ReferenceList

from . import views
from .models import FundingSource

app_name = "finance"

sources = ReferenceList(
    model=FundingSource,
    url_prefix="bronnen",
    name="source",
    title=_("Financieringsbronnen"),
    add_label=_("Bron toevoegen"),
    app_label="finance",
    namespace=app_name,
)

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views.export, name="export"),
    path("parameters/", views.parameters_list, name="parameters"),
    path("parameters/nieuw/", views.parameters_create, name="parameters_create"),
    path("parameters/<int:year>/", views.parameters_update, name="parameters_update"),
    path("bijdragen/", views.contributions, name="contributions"),
    path("bijdragen/<int:pk>/verwijderen/", views.contribution_delete, name="contribution_delete"),
    path("budgetten/", views.budgets, name="budgets"),
    *sources.urls(),
]
