"""Print the demo logins (local use only)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from basisbaan.demo import DEMO_USERS
from basisbaan.roles import ROLE_LABELS


class Command(BaseCommand):
    help = "Toont de inloggegevens van de demogebruikers."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="host:port the server listens on (make run: HOST and PORT)",
        )

    def handle(self, *args, **options) -> None:
        password = getattr(settings, "DEMO_PASSWORD", "")
        address = options["address"]
        self.stdout.write(f"\nDemo logins for http://{address} (password: {password})")
        for email, _name, role, _staff in DEMO_USERS:
            self.stdout.write(f"  {ROLE_LABELS[role]!s:<24} {email}")
        self.stdout.write("")
