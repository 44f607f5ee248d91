from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    """Import and export of a municipality's spreadsheets (one workbook, a sheet per kind)."""

    name = "basisbaan.workbook"
    label = "workbook"
    verbose_name = _("Werkmap inlezen en uitvoeren")

    def ready(self) -> None:
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import WORKBOOK_ROLE_PERMISSIONS

        if WORKBOOK_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(WORKBOOK_ROLE_PERMISSIONS)
