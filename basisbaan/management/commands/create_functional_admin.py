"""Create the first functional admin of a new installation (no superuser needed).

    manage.py create_functional_admin --email beheer@gemeente.nl --name "Naam Beheerder"

The account gets the role "functioneel beheerder" and access to /beheer/, but no superuser
rights: it cannot give itself other roles. The command prints a one-time activation link
(valid ACTIVATION_HOURS): opening it, the admin chooses a password and sets up the second
factor. Run it again for the same address to get a new link (the old one stops working).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from basisbaan import services
from basisbaan.models import User
from basisbaan.roles import FUNCTIONAL_ADMIN


class Command(BaseCommand):
    help = "Maakt een functioneel beheerder aan (zonder superuserrechten) met een activeringslink."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--base-url",
            default="",
            help="The address of the site, e.g. https://basisbaan.gemeente.nl (for the link).",
        )

    def handle(self, *args, email: str, name: str, base_url: str, **options) -> None:
        email = email.strip().lower()
        try:
            with transaction.atomic():
                user = User.objects.filter(email__iexact=email).first()
                if user is None:
                    user = User(email=email, full_name=name.strip(), is_staff=True)
                    user.set_unusable_password()
                    user.full_clean(exclude=["password"])
                    user.save()
                elif not user.groups.filter(name=FUNCTIONAL_ADMIN).exists():
                    raise CommandError(f"{email} exists and is not a functional admin.")
                user.groups.add(Group.objects.get(name=FUNCTIONAL_ADMIN))
                token = services.activation_issue(user=user, acting_user=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        link = base_url.rstrip("/") + reverse("activate", args=[token])
        self.stdout.write(f"Functioneel beheerder {user.email}: activeer binnen de geldigheid via")
        self.stdout.write(link)
