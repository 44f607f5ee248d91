"""Import a workbook (XLSX, or CSV files, one per sheet) as the functional admin would in
the browser: `manage.py import_workbook FILE [FILE ...] --user EMAIL [--dry-run]`
(`--max-rows N` for a whole municipality put back from its export)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from basisbaan.models import User
from basisbaan.uploads import UploadRefused
from basisbaan.workbook import reader, services


class Command(BaseCommand):
    help = "Lees een werkmap in (eerst met --dry-run: controleren zonder op te slaan)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", help="XLSX-werkmap of CSV-bestanden (één per blad)")
        parser.add_argument(
            "--user",
            help="e-mailadres van de medewerker namens wie wordt ingelezen (toegangslog); "
            "standaard de eerste actieve functioneel beheerder",
        )
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren")
        parser.add_argument(
            "--max-rows",
            type=int,
            default=reader.MAX_ROWS,
            help="hoogstens zoveel regels (de browser houdt 20.000 aan; een hele gemeente "
            "terugzetten vraagt er meer)",
        )

    def handle(
        self, *args, files: list[str], user: str | None, dry_run: bool, max_rows: int, **options
    ) -> None:
        actor = self._user(user)
        try:
            tables = reader.read_files(
                [(Path(f).name, Path(f).read_bytes()) for f in files], max_rows=max_rows
            )
        except (OSError, UploadRefused) as exc:
            raise CommandError(str(exc)) from exc
        outcome = services.workbook_import(tables=tables, user=actor, dry_run=dry_run)
        for problem in outcome.problems:
            self.stdout.write(
                f"{problem.sheet}, rij {problem.row}, kolom {problem.column or '—'}: "
                f"{problem.message}"
            )
        for sheet, counts in outcome.counts.items():
            if any(counts.values()):
                self.stdout.write(
                    f"{sheet}: {counts['created']} nieuw, {counts['updated']} bijgewerkt, "
                    f"{counts['skipped']} overgeslagen"
                )
        verdict = "proefrun" if dry_run else "ingelezen"
        if not outcome.ok:
            raise CommandError(
                f"{len(outcome.problems)} fouten: er is niets ingelezen "
                f"({outcome.rows} regels, {outcome.seconds:.1f} s)."
            )
        self.stdout.write(f"{verdict}: {outcome.rows} regels in {outcome.seconds:.1f} s")

    def _user(self, email: str | None) -> User:
        users = User.objects.filter(is_active=True)
        if email:
            found = users.filter(email__iexact=email).first()
        else:
            found = users.filter(groups__name="functioneel beheerder").order_by("pk").first()
        if found is None:
            raise CommandError("Geen actieve medewerker gevonden: geef --user EMAIL.")
        return found
