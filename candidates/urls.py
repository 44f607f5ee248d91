from django.urls import path
from django.utils.translation import gettext_lazy as _

from basisbaan.reference import ReferenceList

from . import views
from .models import ExclusionReason

app_name = "candidates"

exclusion_reasons = ReferenceList(
    model=ExclusionReason,
    url_prefix="afwijsredenen",
    name="exclusionreason",
    title=_("Afwijsredenen"),
    add_label=_("Afwijsreden toevoegen"),
    app_label="candidates",
    namespace=app_name,
)

urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("nieuw/", views.candidate_create, name="create"),
    path("trechter/", views.funnel, name="funnel"),
    path("export/", views.candidate_export, name="export"),
    path("doorbraken/", views.break_glass_list, name="break_glass_list"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/bewerken/", views.candidate_update, name="update"),
    path("<int:pk>/instrumenten/nieuw/", views.instrument_create, name="instrument_create"),
    path(
        "<int:pk>/instrumenten/<int:instrument_pk>/verwijderen/",
        views.instrument_delete,
        name="instrument_delete",
    ),
    path("<int:pk>/gesprekken/nieuw/", views.conversation_create, name="conversation_create"),
    path("<int:pk>/gesprekken/concept/", views.conversation_draft_save, name="draft_save"),
    path(
        "<int:pk>/gesprekken/concept/weggooien/",
        views.conversation_draft_discard,
        name="draft_discard",
    ),
    path(
        "<int:pk>/gesprekken/<int:conversation_pk>/bewerken/",
        views.conversation_update,
        name="conversation_update",
    ),
    path("<int:pk>/besluit/", views.decision_create, name="decision_create"),
    path("<int:pk>/doorbraak/", views.break_glass, name="break_glass"),
    path("<int:pk>/documenten/", views.documents, name="documents"),
    path("<int:pk>/inzage/", views.subject_access, name="subject_access"),
    path(
        "<int:pk>/documenten/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documenten/<int:document_pk>/verwijderen/",
        views.document_delete,
        name="document_delete",
    ),
    *exclusion_reasons.urls(),
]
