from django.urls import path
from django.utils.translation import gettext_lazy as _

from basisbaan.reference import ReferenceList

from . import party_views, views
from .models import GuidanceParty, WellbeingDomain

app_name = "coaching"

parties = ReferenceList(
    model=GuidanceParty,
    url_prefix="partijen",
    name="party",
    title=_("Begeleidende partijen"),
    add_label=_("Partij toevoegen"),
    app_label="coaching",
    namespace=app_name,
    extra_fields=("contact_name", "phone", "email"),
)
domains = ReferenceList(
    model=WellbeingDomain,
    url_prefix="domeinen",
    name="domain",
    title=_("Welzijnsdomeinen"),
    add_label=_("Domein toevoegen"),
    app_label="coaching",
    namespace=app_name,
)

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("week/", views.week_grid, name="week"),
    path("partij/", party_views.party_home, name="party_home"),
    path("partij/week/", party_views.party_week, name="party_week"),
    path("import/", views.timesheet_import, name="import"),
    path("import/sjabloon/", views.timesheet_template, name="import_template"),
    path("metingen/", views.measurements_due, name="measurements_due"),
    path("metingen/nieuw/<int:candidate_pk>/", views.measurement_add, name="measurement_add"),
    path("deelnemer/<int:candidate_pk>/", views.person, name="person"),
    path("deelnemer/<int:candidate_pk>/registratie/", views.entry_add, name="entry_add"),
    path("deelnemer/<int:candidate_pk>/verwijzing/", views.referral_add, name="referral_add"),
    path("deelnemer/<int:candidate_pk>/partij/", views.party_assign, name="party_assign"),
    path(
        "deelnemer/<int:candidate_pk>/partij/<int:pk>/einde/",
        views.party_assignment_end,
        name="party_assignment_end",
    ),
    path("verwijzing/<int:pk>/", views.referral_update, name="referral_update"),
    path("contact/<int:candidate_pk>/", views.contact_overview, name="contact"),
    path("instellingen/", views.team_settings, name="settings"),
    *parties.urls(),
    *domains.urls(),
]
