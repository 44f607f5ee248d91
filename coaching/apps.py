from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Begeleiding")

    def ready(self) -> None:
        from basisbaan.figure_snapshot import register_refresh
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import COACHING_ROLE_PERMISSIONS
        from .selectors import trend_refresh

        if COACHING_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(COACHING_ROLE_PERMISSIONS)
        # The stored coaching months are brought up to date before figures are computed
        # in a shared snapshot (where they cannot be written).
        register_refresh(trend_refresh)
