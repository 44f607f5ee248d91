"""Restore a backup into a new, empty database:

    createdb basisbaan_restored
    DATABASE_URL=postgres://.../basisbaan_restored manage.py restore --input /backups/basisbaan-...

On a new cluster, run the backup's roles.sql first (as a superuser) so that the roles of the
grants exist. The restore refuses a database that has tables, checks the row count of every
table against the backup's manifest, grants the runtime role its privileges and puts the
documents back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from basisbaan.backup import BackupError, restore


class Command(BaseCommand):
    help = "Zet een back-up terug in een nieuwe, lege database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True, help="a basisbaan-<timestamp> directory")
        parser.add_argument("--no-documents", action="store_true", help="restore the database only")

    def handle(self, *args, input: str, no_documents: bool, **options) -> None:
        try:
            manifest = restore(backup_dir=Path(input), documents=not no_documents)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restore: {len(manifest['tables'])} tables, {rows} rows, as backed up at "
            f"{manifest['created_at']}"
        )
