"""Write the whole municipality as a workbook in the import's shape:
`manage.py export_workbook FILE --user EMAIL` (logged in the access log as that user)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from basisbaan.models import AccessAction, AccessPurpose, User
from basisbaan.services import access_log_record_many
from basisbaan.workbook import selectors


class Command(BaseCommand):
    help = "Voer alle gegevens van de gemeente uit als werkmap (XLSX)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="e-mailadres (voor de toegangslog)")

    def handle(self, *args, file: str, user: str, **options) -> None:
        actor = User.objects.filter(is_active=True, email__iexact=user).first()
        if actor is None:
            raise CommandError("Geen actieve medewerker met dit e-mailadres.")
        access_log_record_many(
            user=actor,
            action=AccessAction.EXPORT,
            subject_type="candidate",
            subject_ids=selectors.export_people(),
            purpose=AccessPurpose.EXPORT,
            detail="werkmap",
        )
        Path(file).write_bytes(selectors.workbook_bytes(example=False))
        self.stdout.write(f"werkmap geschreven: {file}")
