from django.urls import path
from django.utils.translation import gettext_lazy as _

from basisbaan.reference import ReferenceList

from . import views
from .models import Employer

app_name = "placements"

employers = ReferenceList(
    model=Employer,
    url_prefix="werkgevers",
    name="employer",
    title=_("Werkgevers"),
    add_label=_("Werkgever toevoegen"),
    app_label="placements",
    namespace=app_name,
    extra_fields=("collective_agreement",),
)

urlpatterns = [
    path("", views.placement_list, name="list"),
    path("aflopend/", views.contracts_ending, name="contracts_ending"),
    path("overzicht/", views.overview, name="overview"),
    path("verzuim/", views.sick_report_list, name="sick_reports"),
    path("verzuim/<int:pk>/", views.sick_report_detail, name="sick_report"),
    path("landelijk-verzuim/", views.national_rates, name="national_rates"),
    path("matching/<int:candidate_pk>/", views.matching, name="matching"),
    path("nieuw/<int:candidate_pk>/", views.placement_create, name="create"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/verlengen/", views.contract_renew, name="renew"),
    path("<int:pk>/omzetten/", views.contract_convert, name="convert"),
    path("<int:pk>/uren/", views.hours_change, name="hours"),
    path("<int:pk>/beeindigen/", views.placement_end, name="end"),
    path("<int:pk>/taken/nieuw/", views.assignment_add, name="assignment_add"),
    path(
        "<int:pk>/taken/<int:assignment_pk>/beeindigen/",
        views.assignment_end,
        name="assignment_end",
    ),
    path("<int:pk>/ziekmelding/", views.sick_report_create, name="sick_report_create"),
    *employers.urls(),
]
