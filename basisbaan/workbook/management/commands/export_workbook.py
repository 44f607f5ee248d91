"""Write the whole municipality as a workbook in the import's shape:
`manage.py export_workbook FILE --user EMAIL` (logged in the access log as that user);
FILE ending in .zip gives a ZIP of CSV files, one per sheet (no row limit)."""

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
        if file.lower().endswith(".zip"):
            with open(file, "wb") as out:
                for chunk in selectors.csv_zip_chunks():
                    out.write(chunk)
        elif selectors.export_too_large_for_xlsx():
            raise CommandError("Te groot voor één XLSX-werkmap: kies een bestandsnaam op .zip.")
        else:
            Path(file).write_bytes(selectors.workbook_bytes(example=False))
        self.stdout.write(f"werkmap geschreven: {file}")
