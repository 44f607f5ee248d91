from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core app: users and roles, the municipality profile, wijken, the start page."""

    name = "basisbaan"
    label = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .dbroles import grant_after_migrate

        # Sent once per app after a migration run; once (for this app) is enough.
        post_migrate.connect(
            grant_after_migrate, sender=self, dispatch_uid="basisbaan_grant_runtime_role"
        )
