from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Kandidaten en selectie")

    def ready(self) -> None:
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import CANDIDATES_ROLE_PERMISSIONS

        if CANDIDATES_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(CANDIDATES_ROLE_PERMISSIONS)
