"""The restore drill (issue #15, BIO 8.13): a database with hand-made data is backed up,
restored into a new, empty database, and compared: the row count of every table and the
council letter's figures for a quarter are the same; the document files come back."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from basisbaan.backup import BackupError, restore, table_counts
from basisbaan.dbroles import as_owner
from basisbaan.letters.figures import letter_figures
from coaching.models import CoachingEntry
from finance.models import CostParameters
from placements.models import Contract, ContractHours, Employer, Placement
from tests.factories import CandidateFactory, ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill(coach) -> None:
    """Two participants employed in 2026 (32 and 24 hours), a candidate spoken to, coaching
    entries, the year's cost parameters."""
    CostParameters.objects.create(year=2026)
    employer = Employer.objects.create(name="Thermiek BV")
    for hours, start in ((32, date(2026, 1, 5)), (24, date(2026, 2, 2))):
        person = CandidateFactory(coach=coach)
        placement = Placement.objects.create(
            candidate=person, employer=employer, primary_wijk=person.home_wijk, start_date=start
        )
        contract = Contract.objects.create(placement=placement, kind="onbepaald", start_date=start)
        ContractHours.objects.create(contract=contract, valid_from=start, hours_per_week=hours)
        CoachingEntry.objects.create(
            candidate=person, coach=coach, date=date(2026, 3, 2), minutes=90, kind="werk"
        )
    ConversationFactory(candidate=CandidateFactory(coach=coach), coach=coach)


@pytest.fixture
def empty_database():
    """A new database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with as_owner(connection), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    connection.close()
    with as_owner(connection), connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_into_an_empty_database(coach, tmp_path, settings, empty_database):
    documents = tmp_path / "documenten"
    documents.mkdir()
    (documents / "ab12cd.pdf").write_bytes(b"%PDF-1.7 contract")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(documents)},
        },
    }
    fill(coach)
    before_figures = letter_figures(2026, 1)  # first: it may create the settings row
    before_counts = table_counts()
    assert before_counts["placements_placement"] == 2

    call_command("backup", output=str(tmp_path / "backups"))
    (backup_dir,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in backup_dir.iterdir()} >= {
        "database.dump",
        "manifest.json",
        "documents.tar.gz",
    }
    (documents / "ab12cd.pdf").unlink()  # lost with the server

    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = empty_database
    try:
        manifest = restore(backup_dir=backup_dir)
        after_counts = table_counts()
        after_figures = letter_figures(2026, 1)
        with pytest.raises(BackupError, match="niet leeg|not empty"):
            restore(backup_dir=backup_dir)  # never over existing data
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
    assert after_counts == before_counts == manifest["tables"]
    assert after_figures == before_figures
    assert (documents / "ab12cd.pdf").read_bytes() == b"%PDF-1.7 contract"


def test_rotation_keeps_the_newest(tmp_path):
    from basisbaan.backup import rotate

    for stamp in ("20261120-020000", "20261121-020000", "20261122-020000"):
        (tmp_path / f"basisbaan-{stamp}").mkdir()
    removed = rotate(output_dir=tmp_path, keep=2)
    assert [p.name for p in removed] == ["basisbaan-20261120-020000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "basisbaan-20261121-020000",
        "basisbaan-20261122-020000",
    ]


def test_the_scheduled_backup_script_writes_what_restore_reads(coach, tmp_path, empty_database):
    """docker-compose's backup service runs scripts/backup.sh (pg_dump of the server's own
    version): its backup restores with `manage.py restore`, every table's rows checked."""
    import os
    import subprocess

    from django.conf import settings as django_settings

    fill(coach)
    before = table_counts()
    with as_owner(connection):
        db = dict(connection.settings_dict)
    env = {
        **os.environ,
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or 5432),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
        "BACKUP_DIR": str(tmp_path / "backups"),
        "BACKUP_KEEP": "1",
    }
    script = django_settings.BASE_DIR / "scripts" / "backup.sh"
    for _ in range(2):  # two runs, one kept
        result = subprocess.run(["bash", str(script), "once"], env=env, capture_output=True)
        assert result.returncode == 0, result.stderr.decode()
    (backup_dir,) = (tmp_path / "backups").iterdir()

    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = empty_database
    try:
        manifest = restore(backup_dir=backup_dir, documents=False)
        after = table_counts()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
    assert after == before == manifest["tables"]
