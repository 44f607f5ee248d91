"""Load the demo data: a fictional municipality, its wijken and one user per role.

Idempotent: running it again updates the same records instead of adding more. Feature apps
extend the demo through `basisbaan.demo.DEMO_STEP_PATHS`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from basisbaan import demo


class Command(BaseCommand):
    help = "Laadt demogegevens (fictieve gemeente, wijken, één gebruiker per rol)."

    def handle(self, *args, **options) -> None:
        password = getattr(settings, "DEMO_PASSWORD", None)
        if not password:
            raise CommandError("DEMO_PASSWORD is not set: demo data is for local use only.")
        with transaction.atomic():
            for path in demo.DEMO_STEP_PATHS:
                step = demo.load_step(path)
                summary = step(password=password)
                self.stdout.write(f"seed_demo: {summary}")
