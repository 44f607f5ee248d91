from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """Synthetic municipalities at any size (seed_scale), for measuring speed at scale."""

    name = "basisbaan.scale"
    label = "scale"
    verbose_name = _("Schaaltest")
