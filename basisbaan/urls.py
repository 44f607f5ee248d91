from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .models import TaskType
from .reference import ReferenceList

task_types = ReferenceList(
    model=TaskType,
    url_prefix="taaktypen",
    name="tasktype",
    title=_("Soorten taken"),
    add_label=_("Soort taak toevoegen"),
    app_label="core",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("taal/", views.set_language, name="set_language"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweestaps/instellen/", views.otp_setup, name="otp_setup"),
    path("tweestaps/controle/", views.otp_verify, name="otp_verify"),
    path("activeren/<str:token>/", views.activate, name="activate"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("wijken/", views.wijk_list, name="wijk_list"),
    path("wijken/nieuw/", views.wijk_create, name="wijk_create"),
    path("wijken/<int:pk>/bewerken/", views.wijk_update, name="wijk_update"),
    path("gemeente/", views.profile_detail, name="profile_detail"),
    path("gemeente/bewerken/", views.profile_update, name="profile_update"),
    path("gemeente/logo/", views.profile_logo, name="profile_logo"),
    path("gebruikers/", views.user_list, name="user_list"),
    path("gebruikers/nieuw/", views.user_create, name="user_create"),
    path("gebruikers/<int:pk>/bewerken/", views.user_update, name="user_update"),
    path("gebruikers/<int:pk>/activering/", views.user_activation, name="user_activation"),
    path("toegangslog/", views.access_log, name="access_log"),
    path("bewaartermijnen/", views.retention_settings, name="retention"),
    path("bewaartermijnen/wissen/", views.erasure, name="erasure"),
    path("mijn-instellingen/", views.my_settings, name="my_settings"),
    path("werklijst/aantal/", views.work_count, name="work_count"),
    path("lijsten/", views.reference_lists, name="reference_lists"),
    *task_types.urls(),
    path("kandidaten/<int:candidate_pk>/plan/", include("coaching.plan_urls")),
    path("kandidaten/", include("candidates.urls")),
    path("plaatsingen/", include("placements.urls")),
    path("taken/", include("placements.task_urls")),
    path("begeleiding/", include("coaching.urls")),
    path("financien/", include("finance.urls")),
    path("raadsbrieven/", include("basisbaan.letters.urls")),
    path("import/", include("basisbaan.workbook.urls")),
    path("beheer/", admin.site.urls),
]
