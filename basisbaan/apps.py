from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core app: users and roles, the municipality profile, wijken, the start page."""

    name = "basisbaan"
    label = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        from . import signals  # noqa: F401
