from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Begeleiding")

    def ready(self) -> None:
        from basisbaan.figure_snapshot import register_refresh
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import COACHING_ROLE_PERMISSIONS
        from .selectors import settings_get, trend_refresh

        if COACHING_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(COACHING_ROLE_PERMISSIONS)
        # Before figures are computed in a shared snapshot (where nothing can be written):
        # the team's settings row made if missing, the stored coaching months up to date.
        register_refresh(settings_get)
        register_refresh(trend_refresh)
