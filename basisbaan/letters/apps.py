from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """Council letters (raadsbrieven): figures from every app, narrative, PDF."""

    name = "basisbaan.letters"
    label = "letters"
    verbose_name = _("Raadsbrieven")

    def ready(self) -> None:
        from basisbaan.roles import APP_ROLE_PERMISSIONS

        from .roles import LETTERS_ROLE_PERMISSIONS

        if LETTERS_ROLE_PERMISSIONS not in APP_ROLE_PERMISSIONS:
            APP_ROLE_PERMISSIONS.append(LETTERS_ROLE_PERMISSIONS)
