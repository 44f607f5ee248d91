from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Begeleiding")

    def ready(self) -> None:
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import COACHING_ROLE_PERMISSIONS

        if COACHING_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(COACHING_ROLE_PERMISSIONS)
