from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Financiën")

    def ready(self) -> None:
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import FINANCE_ROLE_PERMISSIONS

        if FINANCE_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(FINANCE_ROLE_PERMISSIONS)
