"""Back up the database and the documents:

    manage.py backup --output /backups [--keep 14]

Writes a new directory basisbaan-<timestamp>/ (see basisbaan.backup) and, with --keep, removes
all but the newest backups there. Connects as DATABASE_OWNER_URL's role when it is set.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from basisbaan.backup import BackupError, backup, rotate


class Command(BaseCommand):
    help = "Maakt een back-up van de database en de documenten."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="directory for the backups")
        parser.add_argument("--keep", type=int, default=0, help="keep only the newest N")

    def handle(self, *args, output: str, keep: int, **options) -> None:
        try:
            target = backup(output_dir=Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup: {target}")
        if keep > 0:
            for old in rotate(output_dir=Path(output), keep=keep):
                self.stdout.write(f"backup: removed {old}")
