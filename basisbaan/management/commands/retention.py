"""Remove what has passed its retention period (basisbaan.retention):

    manage.py retention --dry-run    what would go, counted per kind
    manage.py retention              remove it; the counts go into the access log

docker-compose runs it daily as the owner of the tables.
"""

from django.core.management.base import BaseCommand

from basisbaan.models import AccessAction, AccessPurpose, User
from basisbaan.retention import RULES_BY_KIND, purge
from basisbaan.services import access_log_record

SYSTEM_EMAIL = "bewaartermijnen@basisbaan.invalid"


def system_user() -> User:
    """The account the scheduled removal is logged under (inactive: nobody logs in)."""
    user, created = User.objects.get_or_create(
        email=SYSTEM_EMAIL,
        defaults={"full_name": "Bewaartermijnen (automatisch)", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = "Verwijdert gegevens waarvan de bewaartermijn verstreken is."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would go")

    def handle(self, *args, dry_run: bool, **options) -> None:
        counts = purge(dry_run=dry_run)
        for kind, count in counts.items():
            rule = RULES_BY_KIND.get(kind)
            label = rule.label if rule else kind
            self.stdout.write(f"{kind:20} {count:8}  {label}")
        if dry_run:
            self.stdout.write("retention: dry run, nothing removed")
            return
        summary = ", ".join(f"{kind} {count}" for kind, count in counts.items())
        access_log_record(
            user=system_user(),
            action=AccessAction.RETENTION,
            subject_type="retention",
            purpose=AccessPurpose.RETENTION,
            detail=summary[:200],
        )
        self.stdout.write(f"retention: removed ({summary})")
